import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { DigestVerdict } from '../../lib/digest/index.js';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { ChainBuilder, type DigestRef, javaJson, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';

const TRAIL_BUCKET = 'tw-lambda-trail';
const RESULTS_BUCKET = 'tw-lambda-results';
const context = { functionName: 'verify', awsRequestId: 'req-1' } as unknown as Context;

let s3: LocalS3;
let stub: CloudTrailStub;
let handler: (event: unknown, context: Context) => Promise<unknown>;
const world = new VectorWorld();
const key = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
const chain = new ChainBuilder(world, {
  accountId: '111122223333',
  name: 'main',
  homeRegion: 'us-east-1',
  sourceRegion: 'eu-west-1',
  bucket: TRAIL_BUCKET,
  signer: key,
});
let digests: DigestRef[];
let broken: DigestRef;
let injectedKey: string;

/** How the previous digest of a chain is overwritten: complete bodies that are no digest at that key. */
const OVERWRITES = [
  {
    name: 'garbage',
    day: '08',
    code: 'previous-digest-unreadable',
    cliText: 'INVALID: invalid format',
    overwrite: (victim: DigestRef) => {
      world.put({ bucket: victim.bucket, key: victim.key, body: Buffer.from('not a digest at all\n'), metadata: {} });
    },
  },
  {
    name: 'an empty gzip',
    day: '09',
    code: 'previous-digest-unreadable',
    cliText: 'INVALID: invalid format',
    overwrite: (victim: DigestRef) => {
      world.put({ bucket: victim.bucket, key: victim.key, body: gzipSync(Buffer.alloc(0)), metadata: {} });
    },
  },
  {
    name: 'a copy of an older digest',
    day: '10',
    code: 'previous-digest-invalid',
    cliText: 'INVALID: has been moved from its original location',
    overwrite: (victim: DigestRef, older: DigestRef) => {
      world.put({ ...world.get(older.bucket, older.key), key: victim.key });
    },
  },
] as const;
/** Per overwrite: the digest to verify and the previous digest that was overwritten. */
const overwritten = new Map<string, { current: DigestRef; victim: DigestRef }>();

const s3Event = (bucket: string, keys: string[]) => ({
  Records: keys.map((k) => ({
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    s3: { bucket: { name: bucket }, object: { key: k } },
  })),
});

const readVerdict = async (digestKey: string): Promise<DigestVerdict> => {
  const out = await s3.client.send(
    new GetObjectCommand({
      Bucket: RESULTS_BUCKET,
      Key: `verdicts/digest/${TRAIL_BUCKET}/${digestKey.replace(/\.json\.gz$/, '')}.json`,
    })
  );
  return JSON.parse(await (out.Body as { transformToString(): Promise<string> }).transformToString()) as DigestVerdict;
};

/** Runs the handler and returns the alerts the console sink printed. */
const invoke = async (event: unknown): Promise<Alert[]> => (await invokeFull(event)).alerts;

const invokeFull = async (event: unknown): Promise<{ alerts: Alert[]; result: unknown }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  let result: unknown;
  try {
    result = await handler(event, context);
  } finally {
    spy.mockRestore();
  }
  return { alerts: lines.filter((l) => l.startsWith('{"id"')).map((l) => JSON.parse(l) as Alert), result };
};

beforeAll(async () => {
  // Prepare: a chain of 4 hourly digests; the third lists a modified log file; the fourth carries a
  // wrong previousDigestHashValue; a log file nobody lists sits in the second digest's window.
  digests = chain.hourly(new Date('2026-01-05T01:00:10Z'), 3, 3);
  const tampered = chain.logs[7]!;
  world.get(tampered.bucket, tampered.key).body = world.get(chain.logs[0]!.bucket, chain.logs[0]!.key).body;
  broken = chain.digest({
    start: chain.last!.end,
    end: new Date('2026-01-05T04:00:10Z'),
    logs: [chain.log(new Date('2026-01-05T03:30:00Z'))],
    edit: (doc) => {
      doc.previousDigestHashValue = '0'.repeat(64);
    },
  });
  injectedKey = chain.log(new Date('2026-01-05T00:30:00Z')).key;
  // Three chains of three digests each, on days of their own; the middle digest is overwritten.
  for (const o of OVERWRITES) {
    const own = new ChainBuilder(world, { ...chain.spec, name: `overwritten-${o.day}` });
    const [older, victim, current] = own.hourly(new Date(`2026-01-${o.day}T01:00:10Z`), 3, 1) as [
      DigestRef,
      DigestRef,
      DigestRef,
    ];
    o.overwrite(victim, older);
    overwritten.set(o.name, { current, victim });
  }
  s3 = await startLocalS3();
  await s3.createBucket(TRAIL_BUCKET);
  await s3.createBucket(RESULTS_BUCKET);
  await world.writeToS3(s3.client);
  stub = await startCloudTrailStub({
    keys: () => world.keys,
    trails: () => world.trails,
    organizationId: () => world.organizationId,
  });
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', stub.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('RESULTS_BUCKET', RESULTS_BUCKET);
  ({ handler } = await import('../../functions/verify.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stub?.close();
  await s3?.close();
});

describe('verify handler', () => {
  it('writes a valid verdict for a clean starting digest and raises only the chain-start alert', async () => {
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [digests[0]!.key]));
    // Assess
    const verdict = await readVerdict(digests[0]!.key);
    expect(verdict.digest).toMatchObject({
      status: 'valid',
      sourceRegion: 'eu-west-1',
      trailName: 'main',
      previous: null,
    });
    expect(verdict.logFiles.map((l) => l.status)).toEqual(['valid', 'valid', 'valid']);
    expect(alerts.map((a) => [a.ruleId, a.severity, a.category])).toEqual([
      ['digest-chain-start', 'medium', 'integrity'],
    ]);
  });

  it('reports a modified log file with the CLI line and a critical alert', async () => {
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [digests[2]!.key]));
    // Assess
    const verdict = await readVerdict(digests[2]!.key);
    const bad = verdict.logFiles.find((l) => l.status === 'invalid');
    expect(bad?.cliLine).toBe(
      `Log file\ts3://${TRAIL_BUCKET}/${chain.logs[7]!.key}\tINVALID: hash value doesn't match`
    );
    expect(verdict.summary).toMatchObject({ status: 'invalid', invalidLogFiles: 1 });
    expect(alerts).toContainEqual(
      expect.objectContaining({ ruleId: 'log-invalid-hash-mismatch', severity: 'critical', s3Key: chain.logs[7]!.key })
    );
  });

  it('reports a log file in the previous window that no digest lists', async () => {
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [digests[1]!.key]));
    // Assess
    const verdict = await readVerdict(digests[1]!.key);
    expect(verdict.findings.map((f) => [f.code, f.key])).toEqual([['log-file-not-in-digest', injectedKey]]);
    expect(alerts.map((a) => a.ruleId)).toEqual(['digest-log-file-not-in-digest']);
  });

  it('reports a broken previous-digest hash link that the CLI would not see', async () => {
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [broken.key]));
    // Assess
    const verdict = await readVerdict(broken.key);
    expect(verdict.digest.status).toBe('valid');
    expect(verdict.findings[0]).toMatchObject({
      code: 'previous-digest-hash-mismatch',
      severity: 'critical',
      key: digests[2]!.key,
    });
    expect(alerts.map((a) => a.ruleId)).toEqual(['digest-previous-digest-hash-mismatch']);
    expect(verdict.summary.status).toBe('invalid');
  });

  it.each(OVERWRITES.map((o) => [o.name, o] as const))(
    'raises a critical alert when the previous digest was overwritten with %s',
    async (name, o) => {
      // Prepare
      const { current, victim } = overwritten.get(name)!;
      // Act
      const alerts = await invoke(s3Event(TRAIL_BUCKET, [current.key]));
      // Assess: the digest itself is as the CLI judges it, but the verdict is not valid
      const verdict = await readVerdict(current.key);
      expect(verdict.digest.status).toBe('valid');
      expect(verdict.logFiles.map((l) => l.status)).toEqual(['valid']);
      expect(verdict.summary.status).toBe('invalid');
      const cliLine = `Digest file\ts3://${TRAIL_BUCKET}/${victim.key}\t${o.cliText}`;
      expect(verdict.findings).toEqual([
        expect.objectContaining({
          code: o.code,
          severity: 'critical',
          key: victim.key,
          details: { referencedBy: `s3://${TRAIL_BUCKET}/${current.key}`, reason: expect.any(String), cliLine },
        }),
      ]);
      expect(alerts.map((a) => [a.ruleId, a.severity, a.s3Key])).toEqual([
        [`digest-${o.code}`, 'critical', victim.key],
      ]);
    }
  );

  it('reports a forged digest as signature verification failed, and reuses the cached keys', async () => {
    // Prepare: same key name, content edited after signing
    const forgedKey = digests[1]!.key.replace('T020010Z', 'T023000Z');
    const doc = { ...digests[1]!.doc, digestS3Object: forgedKey, digestEndTime: '2026-01-05T02:30:00Z' };
    const body = (await import('node:zlib')).gzipSync(Buffer.from(javaJson(doc)));
    await s3.client.send(
      new PutObjectCommand({
        Bucket: TRAIL_BUCKET,
        Key: forgedKey,
        Body: body,
        Metadata: world.get(TRAIL_BUCKET, digests[1]!.key).metadata,
      })
    );
    const callsBefore = stub.calls.length;
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [forgedKey]));
    // Assess
    const verdict = await readVerdict(forgedKey);
    expect(verdict.digest).toMatchObject({
      status: 'invalid',
      reason: 'signature-mismatch',
      cliLine: `Digest file\ts3://${TRAIL_BUCKET}/${forgedKey}\tINVALID: signature verification failed`,
    });
    expect(alerts).toEqual([
      expect.objectContaining({ ruleId: 'digest-invalid-signature-mismatch', severity: 'critical' }),
    ]);
    expect(stub.calls.length).toBe(callsBefore);
  });

  it('reports a deleted previous digest as the CLI would, not found', async () => {
    // Prepare
    const orphan = chain.digest({
      start: broken.end,
      end: new Date('2026-01-05T05:00:10Z'),
      logs: [],
      previous: { ...broken, key: broken.key.replace('T040010Z', 'T035959Z') },
    });
    await s3.client.send(
      new PutObjectCommand({
        Bucket: TRAIL_BUCKET,
        Key: orphan.key,
        Body: world.get(TRAIL_BUCKET, orphan.key).body,
        Metadata: world.get(TRAIL_BUCKET, orphan.key).metadata,
      })
    );
    // Act
    const alerts = await invoke(s3Event(TRAIL_BUCKET, [orphan.key]));
    // Assess
    expect(alerts).toEqual([
      expect.objectContaining({ ruleId: 'digest-previous-digest-missing', severity: 'critical' }),
    ]);
    expect((await readVerdict(orphan.key)).summary.status).toBe('invalid');
  });

  it('skips log files and gives the same alert ids on a retry', async () => {
    // Act
    const first = await invoke(s3Event(TRAIL_BUCKET, [chain.logs[0]!.key, digests[2]!.key]));
    const again = await invoke(s3Event(TRAIL_BUCKET, [digests[2]!.key]));
    // Assess
    expect(first.map((a) => a.id)).toEqual(again.map((a) => a.id));
    expect(first.length).toBe(1);
  });

  it('reports only the failing message of an SQS batch from the digest queue', async () => {
    // Prepare: the queue carries S3 notifications, as ingest forwards them
    const message = (id: string, bucket: string, key: string) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify(s3Event(bucket, [key])),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:digest-queue',
      awsRegion: 'us-east-1',
    });
    const event = {
      Records: [message('ok', TRAIL_BUCKET, digests[0]!.key), message('gone', 'tw-no-such-bucket', digests[0]!.key)],
    };
    // Act
    const { result } = await invokeFull(event);
    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'gone' }] });
  });

  it('verifies a digest listing 300 log files, hashing them concurrently', async () => {
    // Prepare
    const big = new ChainBuilder(world, { ...chain.spec, name: 'busy' });
    const logs = Array.from({ length: 300 }, (_, i) =>
      big.log(new Date(Date.parse('2026-01-06T00:00:00Z') + i * 10_000))
    );
    const digest = big.digest({
      start: new Date('2026-01-06T00:00:00Z'),
      end: new Date('2026-01-06T01:00:05Z'),
      logs,
      previous: null,
    });
    for (const o of [...logs, digest])
      await s3.client.send(
        new PutObjectCommand({
          Bucket: TRAIL_BUCKET,
          Key: o.key,
          Body: world.get(TRAIL_BUCKET, o.key).body,
          Metadata: world.get(TRAIL_BUCKET, o.key).metadata,
        })
      );
    // Act
    await invoke(s3Event(TRAIL_BUCKET, [digest.key]));
    // Assess
    const verdict = await readVerdict(digest.key);
    expect(verdict.summary).toMatchObject({ logFiles: 300, invalidLogFiles: 0, status: 'valid' });
  });

  it("looks up a backfill digest's key around its generation time", async () => {
    // Prepare
    // signed by a key valid only around the generation time, weeks after the digest's own window
    const generatedAt = new Date('2026-02-20T12:00:00Z');
    const laterKey = makeSigningKey(new Date('2026-02-20T11:30:00Z'), new Date('2026-02-20T12:30:00Z'));
    world.publish(laterKey);
    const backfill = chain.digest({
      start: new Date('2026-01-04T00:00:00Z'),
      end: new Date('2026-01-04T01:00:00Z'),
      logs: [],
      previous: null,
      backfill: { generatedAt },
      signer: laterKey,
    });
    const object = world.get(TRAIL_BUCKET, backfill.key);
    await s3.client.send(
      new PutObjectCommand({ Bucket: TRAIL_BUCKET, Key: backfill.key, Body: object.body, Metadata: object.metadata })
    );
    // Act
    await invoke(s3Event(TRAIL_BUCKET, [backfill.key]));
    // Assess
    const verdict = await readVerdict(backfill.key);
    expect(verdict.digest).toMatchObject({ status: 'valid', backfill: true, fingerprint: laterKey.fingerprint });
    expect(stub.calls.at(-1)).toEqual({
      start: Date.parse('2026-02-20T11:00:00Z') / 1000,
      end: Date.parse('2026-02-20T13:00:00Z') / 1000,
    });
  });

  it('takes the digest queue envelope in events/ as a digest', async () => {
    // Prepare
    const { toObjectRefs } = await import('../../lib/sources/to-object-refs.js');
    const { digestKeyOf } = await import('../../lib/digest/index.js');
    const event = JSON.parse(
      await readFile(new URL('../../events/sqs-digest-queue.json', import.meta.url), 'utf8')
    ) as unknown;
    // Act
    const refs = toObjectRefs(event);
    // Assess
    expect(refs.map((r) => digestKeyOf(r.key)?.trailName)).toEqual(['main']);
  });
});
