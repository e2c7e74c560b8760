import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { runCli } from '../helpers/cli.js';
import { writeQuietAccountTrail } from '../helpers/quiet-account.js';

const parse = (stdout: string): Alert[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

describe('a two-day backfill of a quiet account with a misconfigured delivery bucket', () => {
  let dir: string;
  let trail: ReturnType<typeof writeQuietAccountTrail>;
  let perFile: Alert[];
  let notifications: Alert[];
  let stderr: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-quiet-'));
    trail = writeQuietAccountTrail(dir);
    perFile = parse((await runCli(['detect', dir, '--per-file'])).stdout);
    const run = await runCli(['detect', dir]);
    notifications = parse(run.stdout);
    stderr = run.stderr;
  }, 240_000);

  it('is the case: ≥ 3,800 files over 2 regions, ten thousand denied writes, ≥ 1,300 alerts judged per file', () => {
    expect(trail.files).toBeGreaterThanOrEqual(3800);
    expect(trail.denied).toBeGreaterThanOrEqual(10_000);
    expect(perFile.length).toBeGreaterThanOrEqual(1300);
  });

  it('prints at most 40 lines, the delivery service’s denied writes opening one incident that escalates', () => {
    // Prepare
    const delivery = notifications.filter((n) => n.sample?.userIdentity?.invokedBy === 'delivery.logs.amazonaws.com');
    // Assess
    expect(notifications.length).toBeLessThanOrEqual(40);
    expect(new Set(delivery.map((n) => n.incidentId)).size).toBe(1);
    expect(delivery.map((n) => `${n.lifecycle}:${n.escalation}`)).toEqual([
      'opened:0',
      'escalated:10',
      'escalated:100',
      'escalated:1000',
      'escalated:10000',
    ]);
    expect(stderr).toMatch(/, 0 suppressed matches\n$/);
  });

  it.each([
    ['the first root activity', 'cis-cloudwatch-1-root-user-usage', 'arn:aws:iam::111122223333:root'],
    [
      'the first CloudTrail configuration change',
      'cis-cloudwatch-5-cloudtrail-configuration-changes',
      'arn:aws:iam::111122223333:user/alice',
    ],
    [
      'the first bucket-policy change',
      'cis-cloudwatch-8-s3-bucket-policy-changes',
      'arn:aws:iam::111122223333:user/alice',
    ],
    [
      'the first denied calls of a new IAM user',
      'cis-cloudwatch-2-unauthorized-api-calls',
      'arn:aws:iam::111122223333:user/new-contractor',
    ],
    ['an inline policy granting * on *', 'iam-inline-policy-grants-everything', 'arn:aws:iam::111122223333:user/alice'],
  ])('opens its own incident for %s', (_, ruleId, principal) => {
    // Act
    const opened = notifications.filter(
      (n) => n.ruleId === ruleId && n.principal === principal && n.lifecycle === 'opened'
    );
    // Assess
    expect(opened).toHaveLength(1);
    expect(opened[0]?.incidentId).not.toBe(
      notifications.find((n) => n.sample?.userIdentity?.invokedBy === 'delivery.logs.amazonaws.com')?.incidentId
    );
  });
});
