import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../lib/incidents/fold-incident.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import { contribution, describeIncidentStoreContract, T0 } from './incident-store-contract.js';

describeIncidentStoreContract('the memory store', async (now) => memoryIncidentStore(undefined, now));
describeIncidentStoreContract('the memory store remembering the latest source', async (now) =>
  memoryIncidentStore(undefined, now, 'latest')
);

describe('the memory store remembering the latest source', () => {
  it('keeps one source per incident however many sources fold in', async () => {
    // Prepare
    const clock = () => new Date(T0 + 120_000);
    const all = memoryIncidentStore(undefined, clock);
    const latest = memoryIncidentStore(undefined, clock, 'latest');
    // Act
    for (const store of [all, latest]) {
      let current: ReturnType<typeof foldIncident>['next'] | undefined;
      for (let i = 0; i < 50; i++) {
        const { next, countDelta } = foldIncident(current, contribution({ count: 1 }), T0 + 120_000);
        expect(
          await store.apply({ next, expectedVersion: current?.version, countDelta, source: `bucket/file-${i}` })
        ).toBe('applied');
        current = next;
      }
    }
    // Assess
    const sources = (store: typeof all) => Object.values(store.state().sources).map((list) => list.length);
    expect([sources(all), sources(latest)]).toEqual([[50], [1]]);
    expect(latest.state().incidents).toEqual(all.state().incidents);
  });
});
