import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../lib/model/alert.js';
import type { RecordView } from '../../../lib/cloudtrail/record-view.js';
import { headOf, viewOf } from '../../../lib/cloudtrail/record-view.js';
import { readLogStream } from '../../../lib/cloudtrail/read-records.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { generateRecords } from '../../../tools/sample/generate-trail.js';
import { compileDefinition } from '../../../lib/rules/engine/compile-rule.js';
import { compiledBuiltinRules } from '../../../lib/rules/loading/load-rule-set.js';
import { RuleEngine } from '../../../lib/rules/engine/rule-engine.js';
import { compileSuppressions } from '../../../lib/rules/engine/suppressions.js';
import type { RuleDefinition } from '../../../lib/rules/types.js';
import { parseYamlFile } from '../../../lib/rules/languages/yaml/yaml-file.js';
import { record } from '../helpers.js';

const ref = {
  bucket: 'trail-bucket',
  key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_EXAMPLEEXAMPLE01.json.gz',
};

const def = (fields: Partial<RuleDefinition>): RuleDefinition => ({
  id: 'trail-stopped',
  title: 'Trail stopped',
  description: 'test',
  severity: 'high',
  tags: ['attack.defense-evasion'],
  references: [],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['StopLogging'],
  ...fields,
});

const stop = (time: string, n: number, fields: Record<string, unknown> = {}) =>
  record(
    { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: time, ...fields },
    `stop-${n}`
  );

/** Runs records through the real reader (split, head extraction, lazy parse) and a detector. */
const detect = async (engine: RuleEngine, records: CloudTrailRecord[]) => {
  const detector = engine.detector(ref);
  await readLogStream(Readable.from([Buffer.from(JSON.stringify({ Records: records }))]), ref, {
    onRecord: (v) => detector.onRecord(v),
  });
  return { alerts: detector.finish(), stats: detector.stats() };
};

/** A view that counts full parses. */
const countingView = (r: CloudTrailRecord, counter: { parses: number }): RecordView => ({
  head: headOf(r),
  index: 0,
  offset: 0,
  record: () => {
    counter.parses++;
    return r;
  },
});

describe('RuleEngine', () => {
  it('never parses a record no rule is indexed for', () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({ match: (r) => r.errorCode === undefined }))]);
    const counter = { parses: 0 };
    const detector = engine.detector(ref);
    // Act
    detector.onRecord(countingView(record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' }), counter));
    detector.onRecord(
      countingView(record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails' }), counter)
    );
    // Assess
    expect([counter.parses, detector.stats().rulesEvaluated]).toEqual([0, 0]);
  });

  it('fully parses no routine record with the whole built-in pack: rules decode only the fields they read', async () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const records = generateRecords({
      seed: 7,
      account: '111122223333',
      region: 'us-east-1',
      start: new Date('2026-01-02T03:00:00Z'),
      count: 2000,
    });
    const routine = records.filter((r) => r.errorCode === undefined);
    // Act
    const { stats, alerts } = await detect(engine, routine);
    // Assess: counting rules (bursts, bulk reads) see routine calls, but none reaches its count
    expect({
      evaluated: (stats.rulesEvaluated ?? 0) > routine.length,
      parsed: stats.recordsParsedForRules,
      alerts: alerts.map((a) => a.ruleId),
    }).toEqual({ evaluated: true, parsed: 0, alerts: [] });
  });

  it('groups matches of one rule and dedup key into one alert, whatever the record order', async () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({}))]);
    const records = [stop('2026-01-02T03:20:00Z', 2), stop('2026-01-02T03:05:00Z', 1), stop('2026-01-02T03:40:00Z', 3)];
    // Act
    const forward = await detect(engine, records);
    const reversed = await detect(engine, [...records].reverse());
    // Assess
    const alert = forward.alerts[0] as Alert;
    expect(forward.alerts).toHaveLength(1);
    expect({
      count: alert.count,
      firstSeen: alert.firstSeen,
      lastSeen: alert.lastSeen,
      sample: alert.sample?.eventID,
    }).toEqual({
      count: 3,
      firstSeen: '2026-01-02T03:05:00Z',
      lastSeen: '2026-01-02T03:40:00Z',
      sample: records[1]?.eventID,
    });
    expect(alert.eventIds).toEqual([records[1], records[0], records[2]].map((r) => r?.eventID));
    expect(reversed.alerts).toEqual(forward.alerts);
  });

  it('gives the same alert id when the same file is processed again', async () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const records = generateRecords({
      seed: 3,
      account: '111122223333',
      region: 'us-east-1',
      start: new Date('2026-01-02T03:00:00Z'),
      count: 500,
      notable: true,
    });
    // Act
    const first = await detect(engine, records);
    const second = await detect(new RuleEngine(compiledBuiltinRules()), records);
    // Assess
    expect(first.alerts.length).toBeGreaterThan(3);
    expect(second.alerts.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
  });

  it('gives the EventBridge path the id of the S3 alert whose earliest event it sees', async () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const records = [stop('2026-01-02T03:05:00Z', 1), stop('2026-01-02T03:20:00Z', 2), stop('2026-01-02T04:10:00Z', 3)];
    // Act
    const s3Ids = (await detect(engine, records)).alerts
      .filter((a) => a.ruleId === 'cloudtrail-logging-stopped')
      .map((a) => a.id);
    const realtimeIds = records.map(
      (r) => engine.evaluateRecord(r).find((a) => a.ruleId === 'cloudtrail-logging-stopped')?.id
    );
    // Assess
    expect(s3Ids).toHaveLength(2);
    expect(realtimeIds[0]).toBe(s3Ids[0]);
    expect(realtimeIds[2]).toBe(s3Ids[1]);
    // the second event of the hour is folded into the first alert on the S3 path
    expect(realtimeIds[1]).not.toBe(s3Ids[0]);
  });

  it('gives two files of the same hour with different events different ids, and a re-read the same', async () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const ids = async (records: CloudTrailRecord[]) =>
      (await detect(engine, records)).alerts.filter((a) => a.ruleId === 'cloudtrail-logging-stopped').map((a) => a.id);
    // Act
    const first = await ids([stop('2026-01-02T03:05:00Z', 1)]);
    const second = await ids([stop('2026-01-02T03:25:00Z', 2)]);
    const again = await ids([stop('2026-01-02T03:05:00Z', 1)]);
    // Assess
    expect(first).toHaveLength(1);
    expect(second).not.toEqual(first);
    expect(again).toEqual(first);
  });

  it('opens a new alert per window and per dedup key', async () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({}))]);
    const bob = {
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/bob',
        accountId: '111122223333',
        userName: 'bob',
      },
    };
    // Act
    const { alerts } = await detect(engine, [
      stop('2026-01-02T03:59:59Z', 1),
      stop('2026-01-02T04:00:00Z', 2),
      stop('2026-01-02T03:30:00Z', 3, bob),
    ]);
    // Assess
    expect(alerts.map((a) => [a.principal, a.details?.windowStart])).toEqual([
      ['arn:aws:iam::111122223333:user/bob', '2026-01-02T03:00:00.000Z'],
      ['arn:aws:iam::111122223333:user/example-user', '2026-01-02T03:00:00.000Z'],
      ['arn:aws:iam::111122223333:user/example-user', '2026-01-02T04:00:00.000Z'],
    ]);
  });

  it("joins a match to a rule's first group after a second group opened", async () => {
    // Prepare: 03:xx, 04:xx, then 03:xx again (the first group, no longer the last one joined)
    const engine = new RuleEngine([compileDefinition(def({}))]);
    // Act
    const records = [
      stop('2026-01-02T03:10:00Z', 1),
      stop('2026-01-02T04:10:00Z', 2),
      stop('2026-01-02T03:20:00Z', 3),
      stop('2026-01-02T04:20:00Z', 4),
    ];
    const { alerts } = await detect(engine, records);
    // Assess
    const ids = records.map((r) => r.eventID);
    expect(alerts.map((a) => [a.details?.windowStart, a.count, a.eventIds])).toEqual([
      ['2026-01-02T03:00:00.000Z', 2, [ids[0], ids[2]]],
      ['2026-01-02T04:00:00.000Z', 2, [ids[1], ids[3]]],
    ]);
  });

  it('keeps at most 10 eventIDs, the earliest', async () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({}))]);
    const records = Array.from({ length: 14 }, (_, i) =>
      stop(`2026-01-02T03:${String(50 - i).padStart(2, '0')}:00Z`, i)
    );
    // Act
    const { alerts } = await detect(engine, records);
    // Assess
    expect(alerts[0]?.eventIds).toEqual(
      [...records]
        .reverse()
        .slice(0, 10)
        .map((r) => r.eventID)
    );
  });

  it('alerts on a threshold rule only when the count falls within the window, and never on the realtime path', async () => {
    // Prepare
    const engine = new RuleEngine([
      compileDefinition(def({ threshold: { count: 3, window: '10m' }, dedup: ['userIdentity.arn'] })),
    ]);
    const spread = [stop('2026-01-02T03:00:00Z', 1), stop('2026-01-02T03:11:00Z', 2), stop('2026-01-02T03:22:00Z', 3)];
    const burst = [...spread, stop('2026-01-02T03:25:00Z', 4), stop('2026-01-02T03:29:00Z', 5)];
    // Act
    const below = await detect(engine, spread);
    const above = await detect(engine, burst);
    // Assess
    expect([below.alerts.length, below.stats.belowThreshold]).toEqual([0, 1]);
    expect(above.alerts.map((a) => [a.count, a.details?.threshold])).toEqual([
      [5, { count: 3, window: '10m', maxInWindow: 3 }],
    ]);
    expect(engine.evaluateRecord(burst[0] as CloudTrailRecord)).toEqual([]);
  });

  it('counts a rule that throws and keeps evaluating the others', async () => {
    // Prepare
    const engine = new RuleEngine([
      compileDefinition(
        def({
          id: 'broken',
          match: () => {
            throw new Error('boom');
          },
        })
      ),
      compileDefinition(def({ id: 'working' })),
    ]);
    // Act
    const { alerts, stats } = await detect(engine, [stop('2026-01-02T03:00:00Z', 1)]);
    // Assess
    expect([alerts.map((a) => a.ruleId), stats.ruleErrors]).toEqual([['working'], 1]);
  });

  it('fills the alert shape from the earliest record', async () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({}))]);
    const r = stop('2026-01-02T03:05:00Z', 1, {
      resources: [
        {
          ARN: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
          accountId: '111122223333',
          type: 'AWS::CloudTrail::Trail',
        },
      ],
    });
    // Act
    const [alert] = (await detect(engine, [r])).alerts;
    // Assess
    expect(alert).toMatchObject({
      category: 'detection',
      ruleId: 'trail-stopped',
      title: 'Trail stopped',
      severity: 'high',
      tags: ['attack.defense-evasion'],
      account: '111122223333',
      region: 'us-east-1',
      principal: 'arn:aws:iam::111122223333:user/example-user',
      sourceIPAddress: '198.51.100.7',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      resources: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events'],
      count: 1,
      eventIds: [r.eventID],
      sample: r,
    });
    expect(alert?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('hands over the alerts as drafts that build, when asked, each alert finish() gives, in its order', async () => {
    // Prepare
    const engine = new RuleEngine([
      ...compiledBuiltinRules(),
      compileDefinition(
        def({ id: 'stops-burst', threshold: { count: 2, window: '10m' }, dedup: ['userIdentity.arn'] })
      ),
    ]);
    const records = [
      ...generateRecords({
        seed: 11,
        account: '111122223333',
        region: 'us-east-1',
        start: new Date('2026-01-02T03:00:00Z'),
        count: 800,
        notable: true,
      }),
      stop('2026-01-02T03:20:00Z', 1),
      stop('2026-01-02T03:21:00Z', 2),
    ];
    const body = () => Readable.from([Buffer.from(JSON.stringify({ Records: records }))]);
    const built = engine.detector(ref);
    const drafted = engine.detector(ref);
    const take = drafted.deferAlerts?.({ s3Key: ref.key, bucket: ref.bucket });
    // Act
    await readLogStream(body(), ref, { onRecord: (v) => built.onRecord(v) });
    await readLogStream(body(), ref, { onRecord: (v) => drafted.onRecord(v) });
    const before = drafted.deferredAlerts?.();
    const alerts = built.finish().map((a) => ({ ...a, s3Key: ref.key, bucket: ref.bucket }));
    const left = drafted.finish();
    const drafts = take?.() ?? [];
    // Assess
    expect(alerts.length).toBeGreaterThan(5);
    expect(alerts.map((a) => a.ruleId)).toContain('stops-burst');
    expect(left).toEqual([]);
    expect(before).toBe(0);
    expect(drafted.deferredAlerts?.()).toBe(alerts.length);
    expect(built.deferredAlerts?.()).toBe(0);
    expect(
      drafts.map(({ category, ruleId, dedupKey, count, firstSeen, lastSeen, eventIds, severity }) => ({
        category,
        ruleId,
        dedupKey,
        count,
        firstSeen,
        lastSeen,
        eventIds,
        severity,
      }))
    ).toEqual(
      alerts.map((a) => ({
        category: a.category,
        ruleId: a.ruleId,
        dedupKey: a.details?.dedupKey,
        count: a.count,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        eventIds: a.eventIds,
        severity: a.severity,
      }))
    );
    const first = drafts.map((d) => d.alert());
    expect(first).toEqual(alerts);
    expect(drafts.map((d, i) => d.alert() === first[i])).not.toContain(false);
  });
});

describe('detectors of files in flight', () => {
  it('reads two files at once through accessors of their own, as it reads them one after the other', () => {
    // Prepare: two files of the pack's matches, interleaved record by record
    const engine = new RuleEngine(compiledBuiltinRules());
    const files = [3, 4].map((seed) =>
      generateRecords({
        seed,
        account: '111122223333',
        region: 'us-east-1',
        start: new Date('2026-01-02T03:00:00Z'),
        count: 300,
        notable: true,
      })
    );
    const alone = files.map((records, f) => {
      const detector = engine.detector({ ...ref, key: `${ref.key}-${f}` });
      for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
      return { alerts: detector.finish(), stats: detector.stats() };
    });
    // Act
    const [a, b] = files.map((_, f) => engine.detector({ ...ref, key: `${ref.key}-${f}` }));
    for (let i = 0; i < 300; i++) {
      a?.onRecord(viewOf(files[0]?.[i] as CloudTrailRecord, i));
      b?.onRecord(viewOf(files[1]?.[i] as CloudTrailRecord, i));
    }
    const together = [a, b].map((d) => ({ alerts: d?.finish(), stats: d?.stats() }));
    // Assess
    expect(alone[0]?.alerts.length).toBeGreaterThan(3);
    expect(together).toEqual(alone);
  });

  it("hands a finished detector's accessor to the next one", () => {
    // Prepare
    const engine = new RuleEngine([compileDefinition(def({}))]);
    const spare = engine.spareAccess();
    // Act
    engine.returnAccess(spare);
    const detector = engine.detector(ref);
    detector.onRecord(viewOf(stop('2026-01-02T03:05:00Z', 1)));
    const taken = engine.spareAccess();
    detector.finish();
    // Assess: the detector held the spare while reading, and gave it back at finish()
    expect(taken).not.toBe(spare);
    expect(engine.spareAccess()).toBe(spare);
  });

  it('makes nothing for a file no rule matched: no alerts, no drafts, no correlation matches', () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const detector = engine.detector(ref);
    const drafts = detector.deferAlerts?.();
    const groups = detector.deferMatchGroups?.();
    const candidates = detector.deferFirstSeen?.();
    // Act
    detector.onRecord(viewOf(record({ eventSource: 'nothing.amazonaws.com', eventName: 'Nothing' })));
    const alerts = detector.finish();
    // Assess
    expect([alerts, drafts?.(), groups?.(), candidates?.()]).toEqual([[], [], [], []]);
    expect(detector.stats()).toMatchObject({ matched: 0, suppressed: 0, ruleErrors: 0, belowThreshold: 0 });
  });
});

describe('suppressions', () => {
  const suppressions = (text: string) =>
    compileSuppressions(parseYamlFile('allow.yml', text)[0] as ReturnType<typeof parseYamlFile>[number]);
  const engineWith = (text: string) =>
    new RuleEngine([compileDefinition(def({}))], { suppressions: suppressions(text) });

  it.each([
    [
      'principal glob on the session issuer',
      'principal: arn:aws:iam::*:role/ci-*',
      {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/run-42',
          sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci-deployer' } },
        },
      },
      true,
    ],
    ['principal glob that does not fit', 'principal: arn:aws:iam::*:role/ci-*', {}, false],
    ['account', "account: '111122223333'", {}, true],
    ['source CIDR', 'sourceIp: [10.0.0.0/8, 198.51.100.0/24]', {}, true],
    ['source CIDR that does not fit', 'sourceIp: 10.0.0.0/8', {}, false],
    [
      'source CIDR holding an IPv4-mapped address',
      'sourceIp: 198.51.100.0/24',
      { sourceIPAddress: '::ffff:198.51.100.7' },
      true,
    ],
    ['an IPv6 catch-all, which holds no IPv4 address', "sourceIp: '::/0'", {}, false],
    ['user agent glob', "userAgent: 'aws-cli/*'", {}, true],
    [
      'event fields',
      'match: { field: requestParameters.name, suffix: /sandbox }',
      { requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/sandbox' } },
      true,
    ],
    ['all criteria must hold', "account: '111122223333'\n    sourceIp: 10.0.0.0/8", {}, false],
    ['rule scope by glob', "rules: [trail-*]\n    account: '111122223333'", {}, true],
    ['rule scope that excludes', "rules: [iam-*]\n    account: '111122223333'", {}, false],
    ['expiry before the event', "account: '111122223333'\n    expires: 2026-01-01", {}, false],
    ['expiry after the event', "account: '111122223333'\n    expires: 2026-06-30", {}, true],
  ])('suppresses by %s', async (_name, criteria, fields, suppressed) => {
    // Prepare
    const engine = engineWith(`suppressions:\n  - id: allow-it\n    reason: test\n    ${criteria}\n`);
    // Act
    const { alerts, stats } = await detect(engine, [stop('2026-01-02T03:05:00Z', 1, fields)]);
    // Assess
    expect([alerts.length, stats.suppressed, stats['suppressedBy.allow-it'] ?? 0]).toEqual(
      suppressed ? [0, 1, 1] : [1, 0, 0]
    );
  });

  it.each([
    ['no criterion', '  - id: all\n    reason: x\n', "allow.yml:2: suppression 'all' gives no criterion"],
    ['no reason', "  - id: a\n    account: '1'\n", 'allow.yml:2: a suppression needs a reason'],
    [
      'a bad CIDR',
      '  - id: a\n    reason: x\n    sourceIp: 10.0.0/8\n',
      "allow.yml:4: '10.0.0/8' is not an IP address or CIDR block",
    ],
    ['an unknown key', '  - id: a\n    reason: x\n    principals: y\n', "allow.yml:4: unknown key 'principals'"],
  ])('fails at load on %s', (_name, entries, message) => {
    // Act
    const loading = () => suppressions(`suppressions:\n${entries}`);
    // Assess
    expect(loading).toThrow(message);
  });
});

describe('rule guards', () => {
  it('skips a rule whose required head field is absent without reading the record, and matches when present', async () => {
    // Prepare: CIS CloudWatch.2 needs errorCode
    const { requiredPaths } = await import('../../../lib/rules/engine/condition.js');
    const cis2 = compiledBuiltinRules().find((r) => r.meta.id === 'cis-cloudwatch-2-unauthorized-api-calls');
    const engine = new RuleEngine(cis2 ? [cis2] : []);
    const denied = {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      errorCode: 'Client.UnauthorizedOperation',
      eventTime: '2026-01-02T03:00:00Z',
      eventID: 'e1',
      recipientAccountId: '111122223333',
    };
    const untouchable: RecordView = {
      head: headOf({ ...denied, errorCode: undefined, eventID: 'e2' }),
      index: 1,
      offset: 0,
      record: () => {
        throw new Error('the guard should have skipped this record');
      },
      bytes: () => {
        throw new Error('the guard should have skipped this record');
      },
    };
    // Act
    const detector = engine.detector({ bucket: 'b', key: 'k' });
    detector.onRecord(headView(denied));
    detector.onRecord(untouchable);
    // Assess
    expect(requiredPaths(cis2?.condition ?? { kind: 'const', value: true })).toEqual([['errorCode']]);
    expect(detector.finish().map((a) => a.eventIds)).toEqual([['e1']]);
  });

  it('alerts a group with the highest severity its matches earn in the deployment the engine watches', async () => {
    // Prepare
    const rule = compileDefinition(
      def({
        severity: 'medium',
        severityFor: (r, context) =>
          context.watchedBuckets.includes(String(r.requestParameters?.name)) ? 'critical' : 'low',
      })
    );
    const context = { watchedBuckets: ['prod-trail'], watchedQueues: [], watchedEventRules: [] };
    const records = [stop('2026-01-02T03:00:00Z', 1, { requestParameters: { name: 'dev-trail' } })];
    const both = [...records, stop('2026-01-02T03:01:00Z', 2, { requestParameters: { name: 'prod-trail' } })];
    // Act
    const unwatched = await detect(new RuleEngine([rule], { context }), records);
    const watched = await detect(new RuleEngine([rule], { context }), both);
    const unknown = await detect(new RuleEngine([rule]), both);
    // Assess
    expect(unwatched.alerts.map((a) => [a.count, a.severity])).toEqual([[1, 'low']]);
    expect(watched.alerts.map((a) => [a.count, a.severity])).toEqual([[2, 'critical']]);
    expect(unknown.alerts.map((a) => [a.count, a.severity])).toEqual([[2, 'low']]);
  });

  it('alerts with the listed severity and counts a rule error when severityFor throws', async () => {
    // Prepare
    const rule = compileDefinition(
      def({
        severityFor: () => {
          throw new Error('boom');
        },
      })
    );
    // Act
    const { alerts, stats } = await detect(new RuleEngine([rule]), [stop('2026-01-02T03:00:00Z', 1)]);
    // Assess
    expect([alerts.map((a) => a.severity), stats.ruleErrors]).toEqual([['high'], 1]);
  });
});

const headView = (record: CloudTrailRecord): RecordView => ({
  head: headOf(record),
  index: 0,
  offset: 0,
  record: () => record,
});
