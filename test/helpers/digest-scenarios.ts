import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ChainBuilder, javaJson, makeSigningKey, type SigningKey, VectorWorld } from './digest-vectors.js';

/*
 * The validate-logs scenarios of the digest-validation reference in ../shared (numbered as there),
 * plus the time-handling cases and the checks only trailwatch makes. Each lives in its own bucket and
 * trail, so one world holds them all and one s3rver / one folder serves every run.
 */

const ACCOUNT = '111122223333';
const MEMBER = '444455556666';
const at = (text: string): Date => new Date(text);
const hour = 3_600_000;

/** How trailwatch's output relates to `aws cloudtrail validate-logs` 1.45.11 on a scenario. */
export type Parity =
  /** Byte-identical stdout, stderr and exit code with the same arguments. */
  | { kind: 'identical' }
  /** Identical once trailwatch gets `flags` (a documented choice where CLI releases or tools differ). */
  | { kind: 'identical-with'; flags: readonly string[]; why: string }
  /** The CLI run is not comparable (an argument trailwatch does not have); `why` says so. */
  | { kind: 'cli-only'; why: string };

export type Scenario = {
  id: string;
  title: string;
  arn: string;
  start: string;
  end: string;
  region?: string;
  accountId?: string;
  verbose?: boolean;
  /** Extra arguments for the aws CLI only. */
  cliArgs?: string[];
  parity: Parity;
  /** What trailwatch (default flags) must say: exit code and lines that must appear. */
  expect: {
    rc: number;
    stderr?: string[];
    stdout?: string[];
    notStderr?: string[];
    notStdout?: string[];
    findings?: string[];
  };
};

/**
 * The flags `aws cloudtrail validate-logs` and `trailwatch validate` share for a scenario: trail,
 * window, region, account and (unless `verbose` says otherwise) the scenario's verbosity.
 */
export const scenarioFlags = (s: Scenario, options: { verbose?: boolean } = {}): string[] => [
  '--trail-arn',
  s.arn,
  '--start-time',
  s.start,
  '--end-time',
  s.end,
  ...(s.region ? ['--region', s.region] : []),
  ...(s.accountId ? ['--account-id', s.accountId] : []),
  ...((options.verbose ?? s.verbose) ? ['--verbose'] : []),
];

export type ScenarioSet = { world: VectorWorld; scenarios: Scenario[]; keys: Record<string, SigningKey> };

const loc = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/** Builds every scenario: a few RSA keys and ~30 small buckets. Takes about a second (key generation). */
export const buildScenarios = (): ScenarioSet => {
  const world = new VectorWorld();
  const main = makeSigningKey(at('2025-12-01T00:00:00Z'), at('2026-02-10T12:00:00Z'));
  const rotated = makeSigningKey(at('2026-02-10T10:00:00Z'), at('2026-04-01T00:00:00Z'));
  const attacker = makeSigningKey(at('2025-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'));
  const spki = makeSigningKey(at('2026-01-25T00:00:00Z'), at('2026-01-26T00:00:00Z'), 'spki');
  const late = makeSigningKey(at('2026-01-20T11:00:00Z'), at('2026-01-20T12:00:00Z'));
  const early = makeSigningKey(at('2019-01-01T00:00:00Z'), at('2019-02-01T00:00:00Z'));
  const scenarios: Scenario[] = [];
  const trail = (id: string, extra: Partial<ConstructorParameters<typeof ChainBuilder>[1]> = {}): ChainBuilder =>
    new ChainBuilder(world, {
      accountId: ACCOUNT,
      name: `trail-${id}`,
      homeRegion: 'us-east-1',
      sourceRegion: 'us-east-1',
      bucket: `tw-s${id}`,
      signer: main,
      ...extra,
    });
  const gz = (b: Buffer): Buffer => gzipSync(b);

  // 01: valid chain with a starting digest and an empty digest.
  {
    const c = trail('01');
    const d = c.hourly(at('2026-01-10T01:04:04Z'), 4, (h) => (h === 2 ? 0 : 2));
    scenarios.push({
      id: '01',
      title: 'valid chain, starting and empty digests',
      arn: c.arn(),
      start: '2026-01-10T00:00:00Z',
      end: '2026-01-10T05:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 0,
        stdout: [
          '4/4 digest files valid',
          '6/6 log files valid',
          `Digest file\t${loc(d[0]!.bucket, d[0]!.key)}\tvalid`,
        ],
      },
    });
    // 29a/b/c: time handling on the same chain.
    scenarios.push({
      id: '29a',
      title: 'inclusive start: a digest straddling the start is included (compact time format)',
      arn: c.arn(),
      start: '20260110T023000Z',
      end: '2026-01-10 04:00:00',
      parity: { kind: 'identical' },
      expect: {
        rc: 0,
        stdout: ['Results found for 2026-01-10T02:30:00Z to 2026-01-10T04:00:00Z:', '2/2 digest files valid'],
      },
    });
    scenarios.push({
      id: '29b',
      title: 'time-zone offsets are replaced, not applied',
      arn: c.arn(),
      start: '2026-01-10T02:00:00+02:00',
      end: 'January 10, 2026 05:00:00 UTC',
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['between 2026-01-10T02:00:00Z and 2026-01-10T05:00:00Z'] },
    });
    scenarios.push({
      id: '29c',
      title: 'start after end is an error',
      arn: c.arn(),
      start: '2026-01-10T05:00:00Z',
      end: '2026-01-10T04:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 255, stderr: ['Invalid time range specified: start-time must occur before end-time'] },
    });
  }

  const brokenLog = (
    id: string,
    title: string,
    mutate: (body: Buffer, content: Buffer) => Buffer,
    expectLine: string,
    rc: number,
    parity: Scenario['parity']
  ) => {
    const c = trail(id);
    c.hourly(at('2026-01-11T01:05:10Z'), 3, 2);
    const victim = c.logs[2]!;
    const object = world.get(victim.bucket, victim.key);
    object.body = mutate(object.body, victim.content);
    scenarios.push({
      id,
      title,
      arn: c.arn(),
      start: '2026-01-11T00:00:00Z',
      end: '2026-01-11T03:00:00Z',
      parity,
      expect:
        rc === 0
          ? { rc, notStderr: ['INVALID'] }
          : { rc, stderr: [`Log file\t${loc(victim.bucket, victim.key)}\t${expectLine}`] },
    });
  };
  brokenLog(
    '02',
    'log file modified',
    (_, content) => gz(Buffer.concat([content.subarray(0, -2), Buffer.from(' }')])),
    "INVALID: hash value doesn't match",
    1,
    { kind: 'identical' }
  );
  {
    const c = trail('03');
    c.hourly(at('2026-01-11T01:05:10Z'), 3, 2);
    const victim = c.logs[3]!;
    world.delete(victim.bucket, victim.key);
    scenarios.push({
      id: '03',
      title: 'log file deleted',
      arn: c.arn(),
      start: '2026-01-11T00:00:00Z',
      end: '2026-01-11T03:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Log file\t${loc(victim.bucket, victim.key)}\tINVALID: not found`],
        stdout: ['5/6 log files valid, 1/6 log files INVALID'],
      },
    });
  }
  const olderCli: Parity = {
    kind: 'identical-with',
    flags: ['--allow-trailing-data'],
    why: 'aws-cli 1.45.11 predates the trailing-data check (aws/aws-cli#10326); trailwatch follows current aws-cli',
  };
  brokenLog(
    '04',
    'gzip member appended to a log file',
    (body) => Buffer.concat([body, gz(Buffer.from('{"Records":[]}'))]),
    'INVALID: unexpected data after end of compressed stream',
    1,
    olderCli
  );
  brokenLog(
    '05',
    'one byte appended to a log file',
    (body) => Buffer.concat([body, Buffer.from('\n')]),
    'INVALID: unexpected data after end of compressed stream',
    1,
    olderCli
  );

  // 06: digest modified: its logs are not checked, the walk goes on with the next older listed digest.
  {
    const c = trail('06');
    const d = c.hourly(at('2026-01-12T01:00:30Z'), 4, 1);
    const victim = world.get(d[2]!.bucket, d[2]!.key);
    const doc = { ...d[2]!.doc, newestEventTime: '2026-01-12T03:00:00Z' };
    victim.body = gz(Buffer.from(javaJson(doc)));
    scenarios.push({
      id: '06',
      title: 'digest modified',
      arn: c.arn(),
      start: '2026-01-12T00:00:00Z',
      end: '2026-01-12T04:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[2]!.bucket, d[2]!.key)}\tINVALID: signature verification failed`],
        stdout: ['3/4 digest files valid, 1/4 digest files INVALID', '3/3 log files valid'],
      },
    });
  }
  // 07 and 08: one, then two consecutive digests deleted.
  {
    const c = trail('07');
    const d = c.hourly(at('2026-01-13T01:00:30Z'), 5, 1);
    world.delete(d[2]!.bucket, d[2]!.key);
    scenarios.push({
      id: '07',
      title: 'digest deleted',
      arn: c.arn(),
      start: '2026-01-13T00:00:00Z',
      end: '2026-01-13T05:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[2]!.bucket, d[2]!.key)}\tINVALID: not found`],
        stdout: ['4/5 digest files valid, 1/5 digest files INVALID'],
      },
    });
  }
  {
    const c = trail('08');
    const d = c.hourly(at('2026-01-13T01:00:30Z'), 5, 1);
    world.delete(d[2]!.bucket, d[2]!.key);
    world.delete(d[1]!.bucket, d[1]!.key);
    scenarios.push({
      id: '08',
      title: 'two consecutive digests deleted: only the newer is reported',
      arn: c.arn(),
      start: '2026-01-13T00:00:00Z',
      end: '2026-01-13T05:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[2]!.bucket, d[2]!.key)}\tINVALID: not found`],
        notStderr: [d[1]!.key],
        stdout: ['3/4 digest files valid, 1/4 digest files INVALID'],
      },
    });
  }
  // 09: gap, then a restarted chain.
  {
    const c = trail('09');
    c.hourly(at('2026-01-14T01:02:03Z'), 2, 1);
    c.last = undefined;
    c.hourly(at('2026-01-14T06:02:03Z'), 2, 1);
    scenarios.push({
      id: '09',
      title: 'gap and restart: reported, not counted',
      arn: c.arn(),
      start: '2026-01-14T00:00:00Z',
      end: '2026-01-14T08:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 0,
        stderr: ['No log files were delivered by CloudTrail between 2026-01-14T02:02:03Z and 2026-01-14T05:02:03Z'],
        findings: ['chain-start'],
      },
    });
  }
  // 10 and 12: unknown fingerprint; forged with another key under the real fingerprint.
  {
    const c = trail('10');
    c.hourly(at('2026-01-15T01:00:00Z'), 2, 1);
    const forged = c.digest({
      start: c.last!.end,
      end: at('2026-01-15T03:00:00Z'),
      logs: [c.log(at('2026-01-15T02:30:00Z'))],
      signer: attacker,
    });
    scenarios.push({
      id: '10',
      title: 'unknown fingerprint',
      arn: c.arn(),
      start: '2026-01-15T00:00:00Z',
      end: '2026-01-15T03:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [
          `Digest file\t${loc(forged.bucket, forged.key)}\tINVALID: public key not found in region us-east-1 for fingerprint ${attacker.fingerprint}`,
        ],
      },
    });
  }
  {
    const c = trail('12');
    c.hourly(at('2026-01-15T01:00:00Z'), 2, 1);
    const forged = c.digest({
      start: c.last!.end,
      end: at('2026-01-15T03:00:00Z'),
      logs: [c.log(at('2026-01-15T02:30:00Z'))],
      signer: attacker,
      edit: (doc) => {
        doc.digestPublicKeyFingerprint = main.fingerprint;
      },
    });
    scenarios.push({
      id: '12',
      title: 'forged with another key under the real fingerprint',
      arn: c.arn(),
      start: '2026-01-15T00:00:00Z',
      end: '2026-01-15T03:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(forged.bucket, forged.key)}\tINVALID: signature verification failed`],
      },
    });
  }
  // 11: key rotation inside the range.
  {
    world.publish(rotated);
    const c = trail('11');
    c.hourly(at('2026-02-10T09:01:00Z'), 2, 1);
    for (const end of ['2026-02-10T11:01:00Z', '2026-02-10T12:01:00Z']) {
      c.digest({
        start: c.last!.end,
        end: at(end),
        logs: [c.log(new Date(at(end).getTime() - hour / 2))],
        signer: rotated,
      });
    }
    scenarios.push({
      id: '11',
      title: 'key rotation inside the range',
      arn: c.arn(),
      start: '2026-02-10T08:00:00Z',
      end: '2026-02-10T12:30:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['4/4 digest files valid'] },
    });
  }
  // 13, 14, 15, 24: unsigned, not gzip, moved, trailing gzip member on a digest.
  {
    const c = trail('13');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    world.get(d[1]!.bucket, d[1]!.key).metadata = { 'signature-algorithm': 'SHA256withRSA' };
    scenarios.push({
      id: '13',
      title: 'signature metadata missing',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[1]!.bucket, d[1]!.key)}\tINVALID: signature verification failed`],
      },
    });
  }
  // 13b, 13c: a digest with no metadata at all: in S3 it has none, and the --metadata file has no
  // entry for it. The CLI says signature verification failed; so must trailwatch, never falling back
  // to the next digest's previousDigestSignature nor checking the digest's log files.
  {
    const c = trail('13b');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    world.get(d[1]!.bucket, d[1]!.key).metadata = {};
    scenarios.push({
      id: '13b',
      title: 'no metadata entry for a digest in the middle of the chain',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[1]!.bucket, d[1]!.key)}\tINVALID: signature verification failed`],
        stdout: ['2/3 digest files valid, 1/3 digest files INVALID', '2/2 log files valid'],
        notStdout: [c.logs[1]!.key, 'NOT VERIFIED'],
      },
    });
  }
  {
    const c = trail('13c');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    world.get(d[2]!.bucket, d[2]!.key).metadata = {};
    scenarios.push({
      id: '13c',
      title: 'no metadata entry for the newest digest',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[2]!.bucket, d[2]!.key)}\tINVALID: signature verification failed`],
        stdout: ['2/3 digest files valid, 1/3 digest files INVALID', '2/2 log files valid'],
        notStdout: [c.logs[2]!.key, 'NOT VERIFIED'],
      },
    });
  }
  {
    const c = trail('14');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    world.get(d[1]!.bucket, d[1]!.key).body = Buffer.from(javaJson(d[1]!.doc));
    scenarios.push({
      id: '14',
      title: 'digest not gzip',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 1, stderr: [`Digest file\t${loc(d[1]!.bucket, d[1]!.key)}\tINVALID: invalid format`] },
    });
  }
  // 14b: a digest overwritten with an empty gzip (and no metadata), as the verify function's
  // previous-digest-unreadable finding describes it.
  {
    const c = trail('14b');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    world.put({ bucket: d[1]!.bucket, key: d[1]!.key, body: gz(Buffer.alloc(0)), metadata: {} });
    scenarios.push({
      id: '14b',
      title: 'digest overwritten with an empty gzip',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[1]!.bucket, d[1]!.key)}\tINVALID: invalid format`],
        stdout: ['2/3 digest files valid, 1/3 digest files INVALID'],
      },
    });
  }
  {
    const c = trail('15');
    const d = c.hourly(at('2026-01-16T01:00:00Z'), 3, 1);
    const original = world.get(d[1]!.bucket, d[1]!.key);
    const copyKey = d[2]!.key.replace('20260116T030000Z', '20260116T033000Z');
    world.put({ ...original, key: copyKey });
    scenarios.push({
      id: '15',
      title: 'digest copied to another key',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T03:00:00Z',
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`Digest file\t${loc(d[1]!.bucket, copyKey)}\tINVALID: has been moved from its original location`],
        stdout: ['3/4 digest files valid'],
      },
    });
  }
  {
    const c = trail('24');
    c.hourly(at('2026-01-16T01:00:00Z'), 1, 1);
    c.digest({
      start: c.last!.end,
      end: at('2026-01-16T02:00:00Z'),
      logs: [c.log(at('2026-01-16T01:30:00Z'))],
      appendAfterGzip: gz(Buffer.from('junk')),
    });
    scenarios.push({
      id: '24',
      title: 'data after a digest gzip member is ignored',
      arn: c.arn(),
      start: '2026-01-16T00:00:00Z',
      end: '2026-01-16T02:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['2/2 digest files valid'] },
    });
  }
  // 16: bucket change mid-chain.
  {
    const c = trail('16', { bucket: 'tw-s16-new' });
    c.digest({
      start: at('2026-01-17T00:00:00Z'),
      end: at('2026-01-17T01:00:00Z'),
      logs: [c.log(at('2026-01-17T00:30:00Z'), 2, 'tw-s16-old')],
      previous: null,
      bucket: 'tw-s16-old',
    });
    c.digest({
      start: at('2026-01-17T01:00:00Z'),
      end: at('2026-01-17T02:00:00Z'),
      logs: [c.log(at('2026-01-17T01:30:00Z'), 2, 'tw-s16-old')],
      bucket: 'tw-s16-old',
    });
    c.digest({
      start: at('2026-01-17T02:00:00Z'),
      end: at('2026-01-17T03:00:00Z'),
      logs: [c.log(at('2026-01-17T02:30:00Z'))],
    });
    c.digest({
      start: at('2026-01-17T03:00:00Z'),
      end: at('2026-01-17T04:00:00Z'),
      logs: [c.log(at('2026-01-17T03:30:00Z'))],
    });
    scenarios.push({
      id: '16',
      title: 'bucket changed mid-chain',
      arn: c.arn(),
      start: '2026-01-17T00:00:00Z',
      end: '2026-01-17T04:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['4/4 digest files valid', 's3://tw-s16-old/'] },
    });
  }
  // 17: organization trail.
  {
    const c = trail('17', { organization: true, accountId: MEMBER, ownerAccountId: ACCOUNT });
    c.hourly(at('2026-01-18T01:00:00Z'), 3, 1);
    scenarios.push({
      id: '17',
      title: 'organization trail, member account',
      arn: c.arn(),
      start: '2026-01-18T00:00:00Z',
      end: '2026-01-18T03:00:00Z',
      accountId: MEMBER,
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['3/3 digest files valid'] },
    });
    scenarios.push({
      id: '17b',
      title: 'organization trail without --account-id',
      arn: c.arn(),
      start: '2026-01-18T00:00:00Z',
      end: '2026-01-18T03:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 255, stderr: ["Missing required parameter for organization trail: '--account-id'"] },
    });
    scenarios.push({
      id: '17c',
      title: 'organization trail with --s3-bucket: the CLI finds no digests',
      arn: c.arn(),
      start: '2026-01-18T00:00:00Z',
      end: '2026-01-18T03:00:00Z',
      accountId: MEMBER,
      cliArgs: ['--s3-bucket', 'tw-s17'],
      parity: {
        kind: 'cli-only',
        why: '--s3-bucket makes the CLI skip DescribeTrails, so it never sees the o-… level; trailwatch finds it',
      },
      expect: { rc: 0, stdout: ['3/3 digest files valid'] },
    });
  }
  // 18: key prefix, multi-region trail: source region differs from the home region; name with _ and .
  {
    const c = trail('18', {
      prefix: 'team/logs',
      homeRegion: 'us-west-2',
      sourceRegion: 'ap-northeast-1',
      name: 'org_main.trail-18',
    });
    c.hourly(at('2026-01-19T01:00:00Z'), 3, 1);
    const other = trail('18', {
      prefix: 'team/logs',
      homeRegion: 'us-west-2',
      sourceRegion: 'us-west-2',
      name: 'org_main.trail-18',
    });
    other.hourly(at('2026-01-19T01:00:00Z'), 2, 1);
    scenarios.push({
      id: '18',
      title: 'key prefix and a source region other than the home region',
      arn: c.arn(),
      start: '2026-01-19T00:00:00Z',
      end: '2026-01-19T03:00:00Z',
      region: 'ap-northeast-1',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 0,
        stdout: [
          '3/3 digest files valid',
          's3://tw-s18/team/logs/AWSLogs/111122223333/CloudTrail-Digest/ap-northeast-1/',
        ],
      },
    });
  }
  // 19: backfill digests: separate walk, prefix, lazy keys, metadata required.
  {
    const c = trail('19');
    c.hourly(at('2026-01-21T01:00:00Z'), 2, 1);
    const generatedAt = at('2026-01-22T09:00:00Z');
    const b1 = c.digest({
      start: at('2026-01-20T22:00:00Z'),
      end: at('2026-01-20T23:00:00Z'),
      logs: [c.log(at('2026-01-20T22:30:00Z'))],
      previous: null,
      backfill: { generatedAt },
    });
    const b2 = c.digest({
      start: b1.end,
      end: at('2026-01-21T00:30:00Z'),
      logs: [c.log(at('2026-01-20T23:30:00Z'))],
      backfill: { generatedAt },
    });
    c.digest({
      start: b2.end,
      end: at('2026-01-21T01:30:00Z'),
      logs: [c.log(at('2026-01-21T00:45:00Z'))],
      backfill: { generatedAt },
    });
    delete world.get(b2.bucket, b2.key).metadata['backfill-generation-timestamp'];
    scenarios.push({
      id: '19',
      title: 'backfill digests',
      arn: c.arn(),
      start: '2026-01-20T22:30:00Z',
      end: '2026-01-21T02:00:00Z',
      verbose: true,
      parity: { kind: 'identical' },
      expect: {
        rc: 1,
        stderr: [`(backfill) Digest file\t${loc(b2.bucket, b2.key)}\tINVALID: invalid format`],
        stdout: [
          '2/2 digest files valid',
          '2/3 backfill digest files valid, 1/3 backfill digest files INVALID',
          '(backfill) Digest file',
        ],
      },
    });
  }
  // 20: previous-digest hash link broken: the CLI never checks it.
  {
    const c = trail('20');
    c.hourly(at('2026-01-22T01:00:00Z'), 2, 1);
    const linked = c.last!;
    c.digest({
      start: linked.end,
      end: at('2026-01-22T03:00:00Z'),
      logs: [c.log(at('2026-01-22T02:30:00Z'))],
      edit: (doc) => {
        doc.previousDigestHashValue = createHash('sha256').update('something else').digest('hex');
      },
    });
    scenarios.push({
      id: '20',
      title: 'previous-digest hash link broken',
      arn: c.arn(),
      start: '2026-01-22T00:00:00Z',
      end: '2026-01-22T03:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, findings: ['previous-digest-hash-mismatch'] },
    });
  }
  brokenLog('21', 'gzip trailer stripped from a log: the CLI calls it valid', (body) => body.subarray(0, -8), '', 0, {
    kind: 'identical',
  });
  brokenLog(
    '22',
    'log file truncated',
    (body) => body.subarray(0, Math.floor(body.length / 2)),
    "INVALID: hash value doesn't match",
    1,
    { kind: 'identical' }
  );
  brokenLog('23', 'log file not gzip (saved decompressed)', (_, content) => content, 'INVALID: invalid format', 1, {
    kind: 'identical',
  });
  // 25: SPKI key.
  {
    const c = trail('25', { signer: spki });
    c.hourly(at('2026-01-25T02:00:00Z'), 2, 1);
    scenarios.push({
      id: '25',
      title: 'public key published as SPKI',
      arn: c.arn(),
      start: '2026-01-25T01:00:00Z',
      end: '2026-01-25T03:00:00Z',
      parity: {
        kind: 'identical-with',
        flags: ['--pkcs1-only'],
        why: 'aws-cli loads PKCS#1 only; trailwatch also accepts SPKI (one AWS sample key is SPKI)',
      },
      expect: { rc: 0, stdout: ['2/2 digest files valid'] },
    });
  }
  // 26: no public keys in the range.
  {
    const c = trail('26', { signer: early });
    c.hourly(at('2020-03-01T01:00:00Z'), 2, 1);
    scenarios.push({
      id: '26',
      title: 'no public keys for the range',
      arn: c.arn(),
      start: '2020-03-01T00:00:00Z',
      end: '2020-03-01T03:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 255, stderr: ['No public keys found between 2020-03-01T00:00:00Z and 2020-03-01T05:00:00Z'] },
    });
  }
  // 27: newest digests deleted: undetectable by the CLI; trailwatch's time check sees the silence.
  {
    const c = trail('27');
    const d = c.hourly(at('2026-01-23T01:00:00Z'), 5, 1);
    world.delete(d[4]!.bucket, d[4]!.key);
    world.delete(d[3]!.bucket, d[3]!.key);
    scenarios.push({
      id: '27',
      title: 'newest digests deleted',
      arn: c.arn(),
      start: '2026-01-23T00:00:00Z',
      end: '2026-01-23T05:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['3/3 digest files valid'], findings: ['digest-heartbeat-missing'] },
    });
  }
  // 28: a key valid only after the range end is still used (keys fetched up to end + 2h).
  {
    world.publish(late);
    const c = trail('28');
    c.hourly(at('2026-01-20T10:04:00Z'), 1, 1);
    c.digest({
      start: c.last!.end,
      end: at('2026-01-20T11:04:00Z'),
      logs: [c.log(at('2026-01-20T10:30:00Z'))],
      signer: late,
    });
    scenarios.push({
      id: '28',
      title: 'key valid only after the range end, within end + 2h',
      arn: c.arn(),
      start: '2026-01-20T09:30:00Z',
      end: '2026-01-20T10:30:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, stdout: ['2/2 digest files valid'] },
    });
  }
  // 30: a log file no digest lists (injected).
  {
    const c = trail('30');
    c.hourly(at('2026-01-24T01:00:00Z'), 3, 1);
    const injected = c.log(at('2026-01-24T01:20:00Z'));
    scenarios.push({
      id: '30',
      title: 'log file injected next to the real ones',
      arn: c.arn(),
      start: '2026-01-24T00:00:00Z',
      end: '2026-01-24T03:00:00Z',
      parity: { kind: 'identical' },
      expect: { rc: 0, findings: ['log-file-not-in-digest', injected.key] },
    });
  }
  return { world, scenarios, keys: { main, rotated, attacker, spki, late, early } };
};
