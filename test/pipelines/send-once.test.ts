import { describe, expect, it } from 'vitest';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { sendOnce } from '../../lib/pipelines/send-once.js';

const finding: Alert = {
  id: '0123456789abcdef0123456789abcdef',
  category: 'configuration',
  ruleId: 'rule-file-invalid',
  title: 'Rule file skipped: invalid',
  severity: 'high',
  tags: ['trailwatch.rules'],
  count: 1,
  firstSeen: '2026-01-02T05:00:00.000Z',
  lastSeen: '2026-01-02T05:00:00.000Z',
  eventIds: [],
};

/** A sink that records each delivery and fails the deliveries it is told to. */
const recordingSink = (failures: number) => {
  const deliveries: string[][] = [];
  let failing = failures;
  const sink: AlertSink = {
    send: async (alerts) => {
      if (failing-- > 0) throw new Error('sns publish failed');
      deliveries.push(alerts.map((a) => a.id));
    },
  };
  return { sink, deliveries };
};

describe('sendOnce', () => {
  it('sends the findings on the first invocation only', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(0);
    const report = sendOnce([finding], sink, silentLog);
    // Act
    await report();
    await report();
    await report();
    // Assess
    expect(deliveries).toEqual([[finding.id]]);
  });

  it('fails the invocation whose delivery fails and sends again on the next one', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(1);
    const report = sendOnce([finding], sink, silentLog);
    // Act
    const first = report();
    await expect(first).rejects.toThrow('sns publish failed');
    await report();
    await report();
    // Assess
    expect(deliveries).toEqual([[finding.id]]);
  });

  it('sends nothing when there is nothing to report', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(0);
    // Act
    await sendOnce([], sink, silentLog)();
    // Assess
    expect(deliveries).toEqual([]);
  });
});
