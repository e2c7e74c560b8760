import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLogStream } from '../../../lib/cloudtrail/read-records.js';
import { type RecordView, viewOf } from '../../../lib/cloudtrail/record-view.js';
import type { Alert } from '../../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { AlertGroups } from '../../../lib/rules/engine/alert-groups.js';
import { compileCondition } from '../../../lib/rules/engine/condition.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import { RuleEngine } from '../../../lib/rules/engine/rule-engine.js';
import { compiledBuiltinRules } from '../../../lib/rules/loading/load-rule-set.js';
import { openIpEnricher } from '../../../lib/context/index.js';
import { IP_DATA_DIR } from '../../helpers/ip-data.js';
import { record } from '../helpers.js';

const ref = {
  bucket: 'trail-bucket',
  key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T1100Z_EXAMPLEEXAMPLE01.json.gz',
};

const RULE_ID = 'first-sensitive-api-call-by-principal';

/** An IAM write by a user: a match of the first-sensitive-API rule (key `iam:<name>`). */
const iamCall = (user: string, eventName: string, time: string, n: number): CloudTrailRecord =>
  record(
    {
      eventSource: 'iam.amazonaws.com',
      eventName,
      eventTime: time,
      readOnly: false,
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE',
        arn: `arn:aws:iam::111122223333:user/${user}`,
        accountId: '111122223333',
        accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
        userName: user,
      },
      resources: [{ ARN: `arn:aws:iam::111122223333:user/made-${n}`, accountId: '111122223333' }],
    },
    `call-${n}`
  );

/** The records through the real reader, handed to `each` view by view. */
const read = async (records: CloudTrailRecord[], each: (view: RecordView) => void) =>
  readLogStream(Readable.from([Buffer.from(JSON.stringify({ Records: records }))]), ref, { onRecord: each });

/**
 * What the detector handed over before one group per key: every match grouped per alert window
 * (AlertGroups), then the first alert of each (rule, dedup key) in alert order.
 */
const earliestWindowAlerts = async (records: CloudTrailRecord[]): Promise<Alert[]> => {
  const rule = compiledBuiltinRules().find((r) => r.meta.id === RULE_ID);
  if (rule === undefined) throw new Error(`no rule ${RULE_ID}`);
  const match = compileCondition(rule.condition);
  const groups = new AlertGroups();
  const access = new RecordAccess();
  await read(records, (view) => {
    access.reset(view);
    if (match(access)) groups.add(rule, access);
  });
  const taken = new Set<unknown>();
  return groups.alerts().filter((alert) => {
    if (taken.has(alert.details?.dedupKey)) return false;
    taken.add(alert.details?.dedupKey);
    return true;
  });
};

const candidatesOf = async (records: CloudTrailRecord[]) => {
  const engine = new RuleEngine(compiledBuiltinRules().filter((r) => r.meta.id === RULE_ID));
  const detector = engine.detector(ref);
  const take = detector.deferFirstSeen?.();
  await read(records, (view) => detector.onRecord(view));
  return take?.() ?? [];
};

describe('first-seen candidates', () => {
  it('hands over one candidate per key: the earliest window of its matches, even when a later window arrives first', async () => {
    // Prepare: alice's CreateUser in 10:00–11:00 (twice) and 11:00–12:00 (twice, read first); bob's once
    const records = [
      iamCall('alice', 'CreateUser', '2026-01-02T11:01:00Z', 1),
      iamCall('alice', 'CreateUser', '2026-01-02T11:02:00Z', 2),
      iamCall('bob', 'CreateUser', '2026-01-02T11:03:00Z', 3),
      iamCall('alice', 'CreateUser', '2026-01-02T10:59:00Z', 4),
      iamCall('alice', 'CreateUser', '2026-01-02T10:58:00Z', 5),
    ];
    // Act
    const candidates = await candidatesOf(records);
    // Assess
    expect(
      candidates.map((c) => [c.entity, c.key, c.alert.count, c.alert.firstSeen, c.alert.lastSeen, c.alert.eventIds])
    ).toEqual([
      [
        'arn:aws:iam::111122223333:user/alice',
        'iam:CreateUser',
        2,
        '2026-01-02T10:58:00Z',
        '2026-01-02T10:59:00Z',
        [records[4]?.eventID, records[3]?.eventID],
      ],
      [
        'arn:aws:iam::111122223333:user/bob',
        'iam:CreateUser',
        1,
        '2026-01-02T11:03:00Z',
        '2026-01-02T11:03:00Z',
        [records[2]?.eventID],
      ],
    ]);
  });

  it('carries the same alert (id, count, event ids, resources, sample) as the earliest window grouped with every window', async () => {
    // Prepare: 30 calls of three users over three hours, out of order, more than one alert's event ids per window
    const users = ['alice', 'bob', 'carol'];
    const records = Array.from({ length: 30 }, (_, i) => {
      const minute = (i * 37) % 180;
      const time = new Date(Date.UTC(2026, 0, 2, 9, minute, i % 7)).toISOString().replace('.000Z', 'Z');
      return iamCall(users[i % 3] as string, i % 4 === 0 ? 'DeleteUser' : 'CreateUser', time, i);
    });
    // Act
    const candidates = await candidatesOf(records);
    const reference = await earliestWindowAlerts(records);
    // Assess
    expect(candidates.map((c) => c.alert)).toEqual(reference);
    expect(candidates.length).toBe(6);
  });

  it("counts a key's many matches after its earliest ones as the window's alert does, whatever their order", async () => {
    // Prepare: 70 calls of two users in one hour, times repeating, read in time order, reversed and
    // shuffled (a few without a usable eventTime, which the rule does not match)
    const users = ['alice', 'bob'];
    const inOrder = Array.from({ length: 70 }, (_, i) => {
      const time = new Date(Date.UTC(2026, 0, 2, 10, Math.floor(i / 3), 0)).toISOString().replace('.000Z', 'Z');
      return iamCall(users[i % 2] as string, 'CreateUser', i % 23 === 22 ? 'not a time' : time, i);
    });
    const shuffled = inOrder
      .map((r, i) => ({ r, k: (i * 53) % 71 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.r);
    const orders = [inOrder, [...inOrder].reverse(), shuffled];
    // Act
    const results = await Promise.all(
      orders.map(async (records) => ({
        candidates: (await candidatesOf(records)).map((c) => c.alert),
        reference: await earliestWindowAlerts(records),
      }))
    );
    // Assess
    for (const { candidates, reference } of results) expect(candidates).toEqual(reference);
    expect(results[0]?.candidates.map((a) => a.count)).toEqual([33, 34]);
  });
  it("collects a key's resources from its earliest matches as the window's alert does, however they are written", async () => {
    // Prepare: 40 calls of one user in one hour, newest first (each enters the earliest eventIDs
    // for a while), their resources in every shape CloudTrail or a damaged file may write
    const shapes: unknown[] = [
      [{ ARN: 'arn:aws:iam::111122223333:user/plain', accountId: '111122223333' }],
      [{ ARN: 'arn:aws:iam::111122223333:user/"quoted"' }],
      [{ ARN: 5 }, null, 'arn:no', { type: 'AWS::IAM::User' }],
      [{ ARN: 'arn:aws:s3:::bücher', tags: { k: ['v', 1] } }, { ARN: 'arn:aws:s3:::second' }],
      { ARN: 'arn:no' },
      [],
      undefined,
    ];
    const records = Array.from({ length: 40 }, (_, i) => {
      const time = new Date(Date.UTC(2026, 0, 2, 10, 59 - i, 0)).toISOString().replace('.000Z', 'Z');
      const call = iamCall('alice', 'CreateUser', time, i);
      const resources = shapes[i % shapes.length];
      return resources === undefined ? { ...call, resources: undefined } : { ...call, resources: resources as never };
    });
    // Act
    const candidates = (await candidatesOf(records)).map((c) => c.alert);
    const reference = await earliestWindowAlerts(records);
    // Assess
    expect(candidates).toEqual(reference);
    expect(candidates[0]?.resources).toContain('arn:aws:iam::111122223333:user/"quoted"');
    expect(candidates[0]?.resources).toContain('arn:aws:s3:::bücher');
  });

  it("settles the matches counted after a key's earliest ones before an earlier match or the candidates read the group", async () => {
    // Prepare: 40 calls of one user in time order (the 11th on are counted after the earliest
    // ten), then one earlier than all but the first, one tied with the last's time, 10 more, and
    // last one in the middle (it must not move the last match back)
    const at = (minute: number, second = 0) =>
      new Date(Date.UTC(2026, 0, 2, 10, minute, second)).toISOString().replace('.000Z', 'Z');
    const records = [
      ...Array.from({ length: 40 }, (_, i) => iamCall('alice', 'CreateUser', at(i + 1), 100 + i)),
      iamCall('alice', 'CreateUser', at(1, 30), 200),
      iamCall('alice', 'CreateUser', at(40), 10),
      ...Array.from({ length: 10 }, (_, i) => iamCall('alice', 'CreateUser', at(45 + i), 300 + i)),
      iamCall('alice', 'CreateUser', at(20, 30), 400),
    ];
    // Act
    const candidates = (await candidatesOf(records)).map((c) => c.alert);
    const reference = await earliestWindowAlerts(records);
    // Assess
    expect(candidates).toEqual(reference);
    expect([candidates[0]?.count, candidates[0]?.lastSeen]).toEqual([53, at(54)]);
    expect(candidates[0]?.eventIds[1]).toBe(records[40]?.eventID);
  });

  it("gives each record its own credential and network when two files' records interleave", async () => {
    // Prepare: the network rule over the IP data; two files read record by record in turn, each
    // an access key of its own calling from an address of its own
    const rule = compiledBuiltinRules().filter((r) => r.meta.id === 'long-term-credentials-from-new-network');
    const engine = new RuleEngine(rule, { enricher: openIpEnricher(IP_DATA_DIR) });
    const call = (key: string, ip: string, n: number) =>
      record(
        {
          eventSource: 's3.amazonaws.com',
          eventName: 'ListBuckets',
          eventTime: `2026-01-02T10:0${n}:00Z`,
          sourceIPAddress: ip,
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/u', accessKeyId: key },
        },
        `${key}-${n}`
      );
    const files = [
      { detector: engine.detector(ref), records: [1, 2, 3].map((n) => call('AKIAFIRSTFIRSTFIRST1', '8.8.8.8', n)) },
      { detector: engine.detector(ref), records: [1, 2, 3].map((n) => call('AKIASECONDSECONDSEC2', '1.1.1.1', n)) },
    ];
    const takes = files.map((f) => f.detector.deferFirstSeen?.());
    // Act
    for (let n = 0; n < 3; n++) for (const f of files) f.detector.onRecord(viewOf(f.records[n] as CloudTrailRecord));
    for (const f of files) f.detector.finish();
    // Assess
    expect(takes.map((take) => take?.().map((c) => [c.entity, c.key, c.alert.count]))).toEqual([
      [['AKIAFIRSTFIRSTFIRST1', 'AS15169', 3]],
      [['AKIASECONDSECONDSEC2', 'AS13335', 3]],
    ]);
  });
});
