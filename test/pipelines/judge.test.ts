import { describe, expect, it } from 'vitest';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import type { CorrelationStore } from '../../lib/model/correlation.js';
import { silentLog } from '../../lib/model/log.js';
import { JUDGE_LATENESS_MS, judgeCorrelations } from '../../lib/pipelines/judge.js';
import { at, consoleLogin, correlator, ruleFolder } from '../helpers/correlation-records.js';

/** The incidents' clock (they close by eventTime); correlation states expire by the wall clock. */
const NOW = () => new Date('2026-03-04T05:45:00Z');

const FEW_FAILURES = [
  'title: Console sign-in failed\nname: failed_login\nlogsource:\n  product: aws\n  service: cloudtrail',
  'detection:\n  selection:\n    eventName: ConsoleLogin\n    responseElements.ConsoleLogin: Failure',
  '  condition: selection\nlevel: low\n---\ntitle: few_failures\nname: few_failures\ncorrelation:',
  '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m',
  '  condition:\n    lt: 2\nlevel: high\n',
].join('\n');

const MANY_FAILURES = FEW_FAILURES.replace('lt: 2', 'gte: 3').replaceAll('few_failures', 'many_failures');

/** The EventBridge schedule's event for `time`. */
const scheduled = (time: number) => ({
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: new Date(time).toISOString().replace('.000Z', 'Z'),
  detail: {},
});

/** A sink that refuses its first `failures` calls and keeps what it accepted. */
const flakySink = (failures: number): AlertSink & { sent: Alert[] } => {
  let left = failures;
  const sent: Alert[] = [];
  return {
    sent,
    send: async (alerts) => {
      if (left-- > 0) throw new Error('sink unavailable');
      sent.push(...alerts);
    },
  };
};

/** One failed sign-in of carol's at 05:02, folded in as ingest does; its window closes at 05:12. */
const withOneFailure = async (rules: string) => {
  const c = correlator([ruleFolder({ 'few_failures.yml': rules })]);
  await c.file('file-1.json.gz', [consoleLogin(at(2), 'Failure', 'carol')]);
  return c;
};
const DUE = Date.parse(at(12)) + JUDGE_LATENESS_MS + 60_000;

describe('judgeCorrelations (the scheduled judge)', () => {
  it('sends again, with the same id, what an attempt fired before its sink failed, when the invocation is retried', async () => {
    // Prepare
    const c = await withOneFailure(FEW_FAILURES);
    const sink = flakySink(1);
    const deps = {
      correlations: { correlations: c.engine.correlations, store: c.store },
      incidents: memoryIncidentStore(undefined, NOW),
      sink,
      log: silentLog,
      now: NOW,
    };
    // Act
    const failed = await judgeCorrelations(scheduled(DUE), deps).then(
      () => 'sent',
      (error: Error) => error.message
    );
    const retried = await judgeCorrelations(scheduled(DUE), deps);
    const again = await judgeCorrelations(scheduled(DUE), deps);
    const next = await judgeCorrelations(scheduled(DUE + 5 * 60_000), deps);
    // Assess
    expect(failed).toBe('sink unavailable');
    expect(sink.sent.map((a) => [a.title, a.lifecycle, a.details?.dedupKey])).toEqual([
      ['few_failures', 'opened', 'carol'],
    ]);
    expect([retried, again, next]).toEqual([1, 0, 0]);
  });

  it('decides nothing before the window has had the lateness allowance to fill', async () => {
    // Prepare
    const c = await withOneFailure(FEW_FAILURES);
    const sink = flakySink(0);
    const deps = {
      correlations: { correlations: c.engine.correlations, store: c.store },
      sink,
      log: silentLog,
    };
    // Act
    const early = await judgeCorrelations(scheduled(Date.parse(at(12)) + JUDGE_LATENESS_MS - 1000), deps);
    const due = await judgeCorrelations(scheduled(Date.parse(at(12)) + JUDGE_LATENESS_MS), deps);
    // Assess: without an incident store, the alert itself goes out
    expect([early, due]).toEqual([0, 1]);
    expect(sink.sent.map((a) => a.title)).toEqual(['few_failures']);
  });

  it('reads no state when no loaded correlation has an lt, lte or eq condition', async () => {
    // Prepare: a store that fails every walk
    const c = await withOneFailure(MANY_FAILURES);
    const store: CorrelationStore = {
      get: c.store.get,
      apply: c.store.apply,
      keys: async () => {
        throw new Error('scanned');
      },
    };
    const deps = { correlations: { correlations: c.engine.correlations, store }, sink: flakySink(0), log: silentLog };
    // Act
    const sent = await judgeCorrelations(scheduled(DUE), deps);
    // Assess
    expect(sent).toBe(0);
  });

  it('fails with an error naming CORRELATION_TABLE when no correlation store is configured', async () => {
    // Act
    const judging = judgeCorrelations(scheduled(DUE), { correlations: undefined, sink: flakySink(0), log: silentLog });
    // Assess
    await expect(judging).rejects.toThrow(
      expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining('CORRELATION_TABLE') })
    );
  });

  it('refuses a scheduled event without a valid time, and one not from an AWS source', async () => {
    // Prepare
    const c = await withOneFailure(FEW_FAILURES);
    const deps = {
      correlations: { correlations: c.engine.correlations, store: c.store },
      sink: flakySink(0),
      log: silentLog,
    };
    // Act
    const noTime = judgeCorrelations({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, deps);
    const forged = judgeCorrelations({ ...scheduled(DUE), source: 'my.app' }, deps);
    // Assess
    await expect(noTime).rejects.toThrow(expect.objectContaining({ name: 'UnknownEventError' }));
    await expect(forged).rejects.toThrow(expect.objectContaining({ name: 'ForgedEventError' }));
  });
});
