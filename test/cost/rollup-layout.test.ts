import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../lib/cost/constants.js';
import { runRollup } from '../../lib/pipelines/rollup.js';
import {
  type RequestCounts,
  SimulatedOrganizationStore,
  simulateDay,
} from '../../tools/sample/simulate-organization.js';
import { silentLog } from '../../lib/model/log.js';

const DAY = '2026-01-02';
const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
const brief = (c: RequestCounts) =>
  `${c.listRequests} LIST, ${sum(c.gets)} GET (${c.gets.summary} summaries), ${sum(c.puts)} PUT, largest ${c.largestObject} B`;

describe('results-bucket layout at organization scale (simulated listing and reading plans)', () => {
  it('handles one delivery hour of 1,000 accounts × 17 regions (204,000 summaries) in one listing pass and one read per summary', async () => {
    // Prepare: the organization's files start at the target hour (lookback hours are empty)
    const hour = `${DAY}T05`;
    const store = new SimulatedOrganizationStore({ accounts: 1000, regions: 17, filesPerHour: 12, from: hour });
    const deps = {
      store,
      sink: { send: async () => {} },
      log: silentLog,
      settings: { prices: DEFAULT_PRICES, plan: {} },
    };
    // Act
    await runRollup({ mode: 'hourly', hour }, deps);
    const cold = structuredClone(store.counts);
    store.resetCounts();
    await runRollup({ mode: 'hourly', hour }, deps);
    const rerun = structuredClone(store.counts);
    // Assess
    console.log(`1,000 × 17, first run of an hour: ${brief(cold)}\n1,000 × 17, same hour again: ${brief(rerun)}`);
    // 204 pages of 1,000 keys for the hour, one each for the 3 empty lookback hours and the detector states
    expect(cold.listRequests).toBe(204 + 3 + 1);
    expect(cold.gets).toMatchObject({ summary: 204_000, hourlyManifest: 4, hourlyRollup: 0, detectorState: 1000 });
    expect(cold.puts).toMatchObject({ hourlyRollup: 1000, hourlyManifest: 1, detectorState: 1000 });
    expect(cold.largestObject).toBeLessThan(1024 * 1024);
    expect(rerun.gets).toMatchObject({ summary: 0, hourlyRollup: 0, detectorState: 1000 });
    expect(sum(rerun.puts)).toBe(0);
  });

  it('reads each summary once a day and bounds every run, in a literal day of the schedule', async () => {
    // Act: 25 accounts × 17 regions at the same density, 17 late summaries arriving in hour 11
    const accounts = 25;
    const { hourly, daily } = await simulateDay({ accounts, regions: 17, filesPerHour: 12 }, DAY, { lateFiles: 17 });
    // Assess
    const perHour = accounts * 17 * 12;
    const steady = hourly[6] as RequestCounts;
    const late = hourly[12] as RequestCounts;
    console.log(
      `${accounts} × 17, steady hourly run: ${brief(steady)}\n${accounts} × 17, hourly run with late files: ${brief(late)}\n${accounts} × 17, daily run: ${brief(daily)}`
    );
    expect(hourly.reduce((n, c) => n + c.gets.summary, 0) + daily.gets.summary).toBe(perHour * 24 + 17);
    expect(steady.listRequests).toBe(4 * Math.ceil(perHour / 1000) + 1);
    expect(steady.gets).toMatchObject({
      summary: perHour,
      hourlyRollup: 0,
      hourlyManifest: 4,
      detectorState: accounts,
    });
    expect(steady.puts).toMatchObject({ hourlyRollup: accounts, hourlyManifest: 1, detectorState: accounts });
    // The late summaries cost their own reads plus one rollup read and write of the one account they touch.
    expect(late.gets).toMatchObject({ summary: perHour + 17, hourlyRollup: 1 });
    expect(late.puts).toMatchObject({ hourlyRollup: accounts + 1, hourlyManifest: 2 });
    expect(daily.listRequests).toBe(24 * Math.ceil(perHour / 1000));
    expect(daily.gets).toMatchObject({ summary: 0, hourlyManifest: 24, hourlyRollup: 24 * accounts, dailyManifest: 1 });
    expect(daily.puts).toMatchObject({ dailyRollup: accounts, report: 3, dailyManifest: 1, hourlyRollup: 0 });
  });
});
