import { describe, expect, it } from 'vitest';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import { memoryCorrelationStore } from '../../lib/incidents/memory-correlation-store.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { correlateGroups, correlateGroupsNow } from '../../lib/pipelines/correlations.js';
import { foldIntoIncidents, foldIntoIncidentsNow } from '../../lib/pipelines/incidents.js';
import { RuleEngine } from '../../lib/rules/engine/rule-engine.js';
import { loadRuleSet } from '../../lib/rules/index.js';
import { at, consoleLogin, correlationRule, ruleFolder, SIGN_IN_RULES } from '../helpers/correlation-records.js';
import { stopLoggingCalls, trailStoppedEngine } from '../helpers/trail-stops.js';

const RULES = SIGN_IN_RULES;

const correlation = correlationRule;

const COUNTS =
  correlation(
    'multiple_failed_login',
    '  type: event_count\n  rules: [failed_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m\n  condition:\n    gte: 3'
  ) +
  correlation(
    'password_spray',
    '  type: value_count\n  rules: [failed_login]\n  group-by: [sourceIPAddress]\n  timespan: 10m\n  condition:\n    field: userIdentity.userName\n    gte: 3'
  );
const CHAIN = correlation(
  'failed_then_success',
  '  type: temporal_ordered\n  rules: [multiple_failed_login, successful_login]\n  group-by: [userIdentity.userName]\n  timespan: 10m'
);

/** The files of a run, a file folded twice (a retry) among them. */
const LOGIN_FILES: Array<[string, CloudTrailRecord[]]> = [
  [
    'file-0',
    [
      consoleLogin(at(1), 'Failure', 'alice', '203.0.113.9'),
      consoleLogin(at(2), 'Failure', 'alice'),
      consoleLogin(at(1), 'Failure', 'bob', '203.0.113.9'),
    ],
  ],
  ['file-1', [consoleLogin(at(3), 'Failure', 'alice'), consoleLogin(at(4), 'Success', 'alice')]],
  ['file-2', [consoleLogin(at(2), 'Failure', 'carol', '203.0.113.9'), consoleLogin(at(4), 'Success', 'bob')]],
];
const RUN = [
  ...LOGIN_FILES,
  LOGIN_FILES[1] as [string, CloudTrailRecord[]],
  LOGIN_FILES[2] as [string, CloudTrailRecord[]],
];

const CLOCK = () => new Date('2026-03-04T06:00:00Z');

/** Folds every file of RUN into a store through correlateGroups and another through correlateGroupsNow. */
const correlateBothWays = async (rules: string) => {
  const ruleSet = loadRuleSet({ dirs: [ruleFolder({ 'mr_console_logins.yml': rules })], builtin: false });
  const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
  const promised = memoryCorrelationStore(undefined, CLOCK);
  const now = memoryCorrelationStore(undefined, CLOCK);
  /** A file's match groups, as the detector hands them on (each call its own). */
  const groupsOf = (name: string, records: readonly CloudTrailRecord[]) => {
    const detector = engine.detector({ bucket: 'trail-bucket', key: name });
    const take = detector.deferMatchGroups?.();
    for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
    detector.finish();
    return take?.() ?? [];
  };
  const fired: Array<[Alert[], Alert[]]> = [];
  for (const [name, records] of RUN) {
    const source = `trail-bucket/${name}`;
    const deps = { correlations: engine.correlations, now: CLOCK };
    fired.push([
      await correlateGroups(groupsOf(name, records), source, { ...deps, store: promised }),
      correlateGroupsNow(groupsOf(name, records), source, { ...deps, store: now }),
    ]);
  }
  return { fired, promised, now };
};

describe('folding correlations at once (the CLI)', () => {
  it('fires what correlateGroups fires and keeps the same states, file by file and on a retry', async () => {
    // Act
    const { fired, promised, now } = await correlateBothWays(RULES + COUNTS);
    // Assess
    for (const [a, b] of fired) expect(b).toEqual(a);
    expect(fired.map(([, b]) => b.map((a) => `${a.title} ${a.details?.dedupKey}`))).toEqual([
      [],
      ['multiple_failed_login alice'],
      ['password_spray 203.0.113.9'],
      ['multiple_failed_login alice'],
      ['password_spray 203.0.113.9'],
    ]);
    expect(now.state()).toEqual(promised.state());
  });

  it('fires what correlateGroups fires along a chain, alerting only at its top', async () => {
    // Act
    const { fired, promised, now } = await correlateBothWays(RULES + COUNTS + CHAIN);
    // Assess
    for (const [a, b] of fired) expect(b).toEqual(a);
    expect(fired.map(([, b]) => b.map((a) => `${a.title} ${a.details?.dedupKey}`))).toEqual([
      [],
      ['failed_then_success alice'],
      ['password_spray 203.0.113.9'],
      ['failed_then_success alice'],
      ['password_spray 203.0.113.9'],
    ]);
    expect(now.state()).toEqual(promised.state());
  });
});

const START = Date.parse('2026-01-02T03:00:00Z');
const DAY = 24 * 3_600_000;
const incidentClock = () => new Date(START + 3 * DAY);

const engine = trailStoppedEngine();

/** `count` StopLogging calls by `user`, a second apart from `second`. */
const stops = (user: string, count: number, second: number): CloudTrailRecord[] =>
  stopLoggingCalls(START, user, count, second);

/** A file's alerts, as drafts when `drafts`. */
const detect = (key: string, records: readonly CloudTrailRecord[], drafts: boolean) => {
  const ref = { bucket: 'trail-bucket', key };
  const detector = engine.detector(ref);
  const take = drafts ? detector.deferAlerts?.({ s3Key: key, bucket: ref.bucket }) : undefined;
  records.forEach((r, i) => {
    detector.onRecord(viewOf(r, i));
  });
  const alerts = detector.finish().map((a) => ({ ...a, s3Key: key, bucket: ref.bucket }));
  return take === undefined ? alerts : take();
};

describe('folding into incidents at once (the CLI)', () => {
  it('decides what foldIntoIncidents decides: openings, escalations, a reopening after the quiet period and repeats', async () => {
    // Prepare: alice escalates, bob opens, alice comes back after a quiet day, a file comes twice
    const files: Array<[string, CloudTrailRecord[]]> = [
      ['file-1', stops('alice', 3, 0)],
      ['file-2', [...stops('alice', 8, 60), ...stops('bob', 1, 70)]],
      ['file-2', [...stops('alice', 8, 60), ...stops('bob', 1, 70)]],
      ['file-3', stops('alice', 2, 2 * 86_400)],
      ['file-4', [...stops('alice', 95, 2 * 86_400 + 10), ...stops('bob', 1, 80)]],
    ];
    const promised = memoryIncidentStore(undefined, incidentClock);
    const now = memoryIncidentStore(undefined, incidentClock);
    const folds = [];
    // Act: every other file as drafts (the CLI's own files), the others built (a worker's)
    for (const [i, [key, records]] of files.entries()) {
      const a = await foldIntoIncidents(detect(key, records, i % 2 === 1), key, {
        store: promised,
        now: incidentClock,
      });
      const b = foldIntoIncidentsNow(detect(key, records, i % 2 === 1), key, { store: now, now: incidentClock });
      folds.push([a, b] as const);
      for (const n of a.notifications) await promised.markSent(n.key, n.incidentId, [n.alert.id]);
      for (const n of b.notifications) await now.markSent(n.key, n.incidentId, [n.alert.id]);
    }
    // Assess
    for (const [a, b] of folds) {
      expect(b.notifications).toEqual(a.notifications);
      expect(b.incidents).toEqual(a.incidents);
      expect(b.counted).toBe(a.counted);
      expect([...b.incidentOf]).toEqual([...a.incidentOf]);
      expect(b.oneOff).toEqual(a.oneOff);
    }
    expect(folds.map(([, b]) => [b.counted, b.notifications.map((n) => n.alert.lifecycle)])).toEqual([
      [3, ['opened']],
      [9, ['escalated', 'opened']],
      [9, []],
      [2, ['opened']],
      [96, ['escalated']],
    ]);
    expect(folds[3]?.[1].incidents[0]?.closings?.map((c) => c.lastSeen)).toEqual([files[2]?.[1][7]?.eventTime]);
    expect(now.state()).toEqual(promised.state());
  });
});
