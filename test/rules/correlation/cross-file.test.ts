import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { correlationGraph } from '../../../lib/rules/index.js';
import {
  at,
  consoleLogin,
  correlator,
  createAccessKey,
  correlationRule,
  ruleFolder,
  SIGN_IN_RULES,
} from '../../helpers/correlation-records.js';

const RULES = SIGN_IN_RULES;

const correlation = correlationRule;

const COUNT = correlation(
  'many_failed_logins',
  '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m\n  condition:\n    gte: 3'
);
const SPRAY = correlation(
  'password_spray',
  '  type: value_count\n  rules: [failed_login]\n  group-by: [sourceIPAddress]\n  timespan: 10m\n  condition:\n    field: userIdentity.userName\n    gte: 3'
);
const TOGETHER = correlation(
  'fail_and_success',
  '  type: temporal\n  rules: [successful_login, failed_login]\n  group-by: [sourceIPAddress]\n  timespan: 5m'
);
const ORDERED = correlation(
  'fail_then_success',
  '  type: temporal_ordered\n  rules: [failed_login, successful_login]\n  group-by: [userIdentity.userName]\n  timespan: 5m'
);
const FEW = correlation(
  'few_failures',
  '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m\n  condition:\n    lt: 2'
);

/** Feeds the files in order; returns every correlation alert fired, by rule id. */
const run = async (collection: string, files: CloudTrailRecord[][]) => {
  const c = correlator([ruleFolder({ 'mr_console_logins.yml': collection })]);
  const fired: Alert[] = [];
  for (const [i, records] of files.entries()) fired.push(...(await c.file(`file-${i}.json.gz`, records)).fired);
  return { fired, c };
};

describe('correlations across files', () => {
  it('fires an event_count once when the burst straddles two files, for the burst group only', async () => {
    // Prepare: alice fails 3 times across two files; bob fails twice (near miss)
    const files = [
      [consoleLogin(at(1), 'Failure', 'alice'), consoleLogin(at(2), 'Failure', 'bob')],
      [consoleLogin(at(4), 'Failure', 'alice'), consoleLogin(at(5), 'Failure', 'bob')],
      [consoleLogin(at(8), 'Failure', 'alice')],
    ];
    // Act
    const { fired } = await run(RULES + COUNT, files);
    // Assess
    expect(fired.map((a) => [a.ruleId, a.details?.dedupKey, a.count, a.category])).toEqual([
      ['sigma-mr-console-logins-many-failed-logins', 'alice', 3, 'detection'],
    ]);
    expect(fired[0]?.title).toBe('many_failed_logins');
    expect(fired[0]?.eventIds).toEqual([files[0]?.[0]?.eventID, files[1]?.[0]?.eventID, files[2]?.[0]?.eventID]);
  });

  it('does not count matches further apart than the timespan', async () => {
    // Prepare
    const files = [
      [consoleLogin(at(0), 'Failure', 'alice'), consoleLogin(at(6), 'Failure', 'alice')],
      [consoleLogin(at(11), 'Failure', 'alice')],
    ];
    // Act
    const { fired } = await run(RULES + COUNT, files);
    // Assess
    expect(fired).toEqual([]);
  });

  it('fires a value_count on distinct values across files, not on repeats of one value', async () => {
    // Prepare: one address tries three users across files; another tries one user three times
    const files = [
      [consoleLogin(at(1), 'Failure', 'alice', '203.0.113.9'), consoleLogin(at(1), 'Failure', 'carol', '198.51.100.7')],
      [consoleLogin(at(2), 'Failure', 'bob', '203.0.113.9'), consoleLogin(at(2), 'Failure', 'carol', '198.51.100.7')],
      [consoleLogin(at(3), 'Failure', 'dave', '203.0.113.9'), consoleLogin(at(3), 'Failure', 'carol', '198.51.100.7')],
    ];
    // Act
    const { fired } = await run(RULES + SPRAY, files);
    // Assess
    expect(
      fired.map((a) => [a.details?.dedupKey, (a.details?.correlation as { value: number } | undefined)?.value])
    ).toEqual([['203.0.113.9', 3]]);
  });

  it('fires a temporal correlation in either order, and not when the rules are apart', async () => {
    // Prepare: one address succeeds then fails (other file); another only fails; a third is 9 minutes apart
    const files = [
      [consoleLogin(at(1), 'Success', 'alice', '203.0.113.9'), consoleLogin(at(1), 'Failure', 'bob', '198.51.100.7')],
      [consoleLogin(at(3), 'Failure', 'alice', '203.0.113.9'), consoleLogin(at(2), 'Failure', 'bob', '198.51.100.7')],
      [
        consoleLogin(at(0), 'Success', 'carol', '203.0.113.50'),
        consoleLogin(at(9), 'Failure', 'carol', '203.0.113.50'),
      ],
    ];
    // Act
    const { fired } = await run(RULES + TOGETHER, files);
    // Assess
    expect(fired.map((a) => a.details?.dedupKey)).toEqual(['203.0.113.9']);
  });

  it('fires a temporal_ordered correlation only when the rules come in order by eventTime', async () => {
    // Prepare: alice fails then succeeds (the success's file comes first); bob succeeds then fails
    const files = [
      [consoleLogin(at(3), 'Success', 'alice'), consoleLogin(at(1), 'Success', 'bob')],
      [consoleLogin(at(1), 'Failure', 'alice'), consoleLogin(at(3), 'Failure', 'bob')],
    ];
    // Act
    const { fired } = await run(RULES + ORDERED, files);
    // Assess
    expect(fired.map((a) => a.details?.dedupKey)).toEqual(['alice']);
  });

  it('runs a chain (the specification example: failed logins followed by a success) across files, alerting only at the top', async () => {
    // Prepare: alice fails three times then succeeds over two files; bob fails twice then succeeds
    const chain =
      correlation(
        'multiple_failed_login',
        '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m\n  condition:\n    gte: 3'
      ) +
      correlation(
        'failed_then_success',
        '  type: temporal_ordered\n  rules: [multiple_failed_login, successful_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m'
      );
    const files = [
      [
        consoleLogin(at(1), 'Failure', 'alice'),
        consoleLogin(at(2), 'Failure', 'alice'),
        consoleLogin(at(1), 'Failure', 'bob'),
      ],
      [consoleLogin(at(3), 'Failure', 'alice'), consoleLogin(at(4), 'Success', 'alice')],
      [consoleLogin(at(2), 'Failure', 'bob'), consoleLogin(at(4), 'Success', 'bob')],
    ];
    // Act
    const { fired, c } = await run(RULES + chain, files);
    const retry = await c.file('file-1.json.gz', files[1] as CloudTrailRecord[]);
    // Assess
    expect(fired.map((a) => [a.ruleId, a.details?.dedupKey])).toEqual([
      ['sigma-mr-console-logins-failed-then-success', 'alice'],
    ]);
    expect(retry.fired).toEqual(fired);
  });

  it('tells correlations that chain from those that do not, which fold in one pass', () => {
    // Prepare: the counts alone, and a chain over the count
    const chain = correlation(
      'failed_then_success',
      '  type: temporal_ordered\n  rules: [many_failed_logins, successful_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m'
    );
    // Act
    const flat = correlationGraph(correlator([ruleFolder({ 'a.yml': RULES + COUNT + SPRAY })]).engine.correlations);
    const chained = correlationGraph(correlator([ruleFolder({ 'b.yml': RULES + COUNT + chain })]).engine.correlations);
    // Assess
    expect(flat.chains).toBe(false);
    expect(chained.chains).toBe(true);
    expect(chained.depth('sigma-b-failed-then-success')).toBe(1);
  });

  it('groups by an alias: a different field per rule names the same user', async () => {
    // Prepare: alice fails to sign in, then an admin creates an access key for alice (another file); bob's key is not near a failure
    const keyRule = `---\ntitle: Access key created\nname: key_created\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName: CreateAccessKey\n  condition: selection\n`;
    const aliased = correlation(
      'failure_then_new_key',
      '  type: temporal_ordered\n  rules: [failed_login, key_created]\n  group-by: [target]\n  timespan: 30m\n  aliases:\n    target:\n      failed_login: userIdentity.userName\n      key_created: requestParameters.userName'
    );
    // Act
    const { fired } = await run(RULES + keyRule + aliased, [
      [createAccessKey(at(12), 'alice'), createAccessKey(at(12), 'bob')],
      [consoleLogin(at(2), 'Failure', 'alice'), consoleLogin(at(3), 'Failure', 'carol')],
    ]);
    // Assess
    expect(fired.map((a) => [a.ruleId, a.details?.dedupKey])).toEqual([
      ['sigma-mr-console-logins-failure-then-new-key', 'alice'],
    ]);
  });

  it('judges an lt condition only once its window has closed', async () => {
    // Prepare: alice fails once; bob twice
    const { fired, c } = await run(RULES + FEW, [
      [consoleLogin(at(1), 'Failure', 'alice'), consoleLogin(at(1), 'Failure', 'bob')],
      [consoleLogin(at(2), 'Failure', 'bob')],
    ]);
    // Act
    const early = await c.judge(Date.parse(at(5)));
    const judged = await c.judge();
    // Assess
    expect(fired).toEqual([]);
    expect(early).toEqual([]);
    expect(judged.map((a) => a.details?.dedupKey)).toEqual(['alice']);
  });

  it('fires for the same correlations and groups whatever order the files come in', async () => {
    // Prepare
    const files = [
      [consoleLogin(at(1), 'Failure', 'alice'), consoleLogin(at(1.5), 'Failure', 'bob', '203.0.113.9')],
      [consoleLogin(at(2), 'Failure', 'alice'), consoleLogin(at(2.5), 'Success', 'alice')],
      [consoleLogin(at(3), 'Failure', 'alice'), consoleLogin(at(3.5), 'Failure', 'carol', '203.0.113.9')],
      [consoleLogin(at(4), 'Failure', 'dave', '203.0.113.9')],
    ];
    const all = RULES + COUNT + SPRAY + ORDERED;
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ];
    // Act
    const results = await Promise.all(
      orders.map(async (order) => {
        const { fired } = await run(
          all,
          order.map((i) => files[i] as CloudTrailRecord[])
        );
        // A file of earlier events that arrives after the window fired joins it, so the anchor
        // (and the alert id) can differ; the correlations and groups that fire do not.
        return fired.map((a) => `${a.ruleId} ${a.details?.dedupKey}`).sort();
      })
    );
    // Assess
    expect(results[0]).toHaveLength(3);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('fires nothing new when a file is applied again (a retry), and hands back what that file fired', async () => {
    // Prepare
    const c = correlator([ruleFolder({ 'mr_console_logins.yml': RULES + COUNT })]);
    const first = [consoleLogin(at(1), 'Failure', 'alice'), consoleLogin(at(2), 'Failure', 'alice')];
    const second = [consoleLogin(at(3), 'Failure', 'alice')];
    await c.file('a.json.gz', first);
    const fired = (await c.file('b.json.gz', second)).fired;
    // Act
    const againFirst = (await c.file('a.json.gz', first)).fired;
    const againSecond = (await c.file('b.json.gz', second)).fired;
    // Assess
    expect(fired).toHaveLength(1);
    expect(againFirst).toEqual([]);
    expect(againSecond).toEqual(fired);
  });

  it('silences the referenced rules unless generate is true', async () => {
    // Prepare
    const silent = correlator([ruleFolder({ 'mr_a.yml': RULES + COUNT })]);
    const loud = correlator([
      ruleFolder({ 'mr_b.yml': RULES + COUNT.replace('level: high', 'level: high\ngenerate: true') }),
    ]);
    const records = [consoleLogin(at(1), 'Failure', 'alice')];
    // Act
    const quiet = await silent.file('a.json.gz', records);
    const heard = await loud.file('a.json.gz', records);
    // Assess
    expect(quiet.own).toEqual([]);
    expect(heard.own.map((a) => a.ruleId)).toEqual(['sigma-mr-b-failed-login']);
  });
});
