import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertSink } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { coldStartRules } from '../../lib/pipelines/cold-start-rules.js';
import { evaluateEventBridgeRecord } from '../../lib/pipelines/realtime.js';
import { loadEvent } from '../helpers/events.js';

/** A rule folder holding one invalid file (a CIDR block that is not one, line 6). */
const badFolder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-rules-'));
  writeFileSync(
    join(dir, 'bad.yml'),
    'id: bad-rule\ntitle: Bad\nseverity: low\nmatch:\n  field: sourceIPAddress\n  cidr: 300.0.0.0/8\n'
  );
  return dir;
};

/** A sink that records each delivery and fails the first `failures` of them. */
const recordingSink = (failures: number) => {
  const deliveries: string[][] = [];
  let failing = failures;
  const sink: AlertSink = {
    send: async (alerts) => {
      if (failing-- > 0) throw new Error('sns publish failed');
      deliveries.push(alerts.map((a) => `${a.category}:${a.ruleId}`));
    },
  };
  return { sink, deliveries };
};

describe('coldStartRules', () => {
  it('sends the rule-file findings before the first invocation’s alerts, and never again', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(0);
    const deps = { ...coldStartRules({ dirs: [badFolder()] }, silentLog), sink, log: silentLog, metrics: noMetrics };
    const event = await loadEvent('eventbridge-cloudtrail-stop-logging');
    // Act
    await evaluateEventBridgeRecord(event, deps);
    await evaluateEventBridgeRecord(event, deps);
    // Assess
    expect(deliveries).toEqual([
      ['configuration:rule-file-invalid'],
      expect.arrayContaining(['detection:cloudtrail-logging-stopped']),
      expect.arrayContaining(['detection:cloudtrail-logging-stopped']),
    ]);
  });

  it('fails the invocation whose delivery of the findings fails and sends them on the next one', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(1);
    const { reportRuleFiles } = coldStartRules({ dirs: [badFolder()] }, silentLog);
    // Act
    const first = reportRuleFiles(sink);
    await expect(first).rejects.toThrow('sns publish failed');
    await reportRuleFiles(sink);
    await reportRuleFiles(sink);
    // Assess
    expect(deliveries).toEqual([['configuration:rule-file-invalid']]);
  });

  it('sends one IP database finding with the rule-file findings at the first invocation, whatever the files it processes', async () => {
    // Prepare: an IP data folder with no files at all
    const { sink, deliveries } = recordingSink(0);
    const ipDataDir = mkdtempSync(join(tmpdir(), 'no-ip-data-'));
    const deps = {
      ...coldStartRules({ dirs: [badFolder()] }, silentLog, {}, undefined, {
        ipDataDir,
        origin: 'trailwatch-test-realtime',
      }),
      sink,
      log: silentLog,
      metrics: noMetrics,
    };
    const event = await loadEvent('eventbridge-cloudtrail-stop-logging');
    // Act
    await evaluateEventBridgeRecord(event, deps);
    await evaluateEventBridgeRecord(event, deps);
    // Assess
    expect(deliveries).toEqual([
      ['configuration:rule-file-invalid', 'configuration:ip-database-unusable'],
      expect.arrayContaining(['detection:cloudtrail-logging-stopped']),
      expect.arrayContaining(['detection:cloudtrail-logging-stopped']),
    ]);
  });

  it('sends nothing when every rule file loaded', async () => {
    // Prepare
    const { sink, deliveries } = recordingSink(0);
    // Act
    await coldStartRules({}, silentLog).reportRuleFiles(sink);
    // Assess
    expect(deliveries).toEqual([]);
  });
});
