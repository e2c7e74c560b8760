import type { Context, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import {
  type BodyFault,
  type CapturedRequest,
  type FaultEndpoint,
  type Reply,
  s3Error,
  s3Object,
  s3PutOk,
  startFaultEndpoint,
} from '../helpers/aws-fault-endpoint.js';
import { type CloudTrailStub, startCloudTrailStub } from '../helpers/cloudtrail-stub.js';
import { ChainBuilder, type DigestRef, makeSigningKey, VectorWorld } from '../helpers/digest-vectors.js';

const TRAIL_BUCKET = 'tw-fault-trail';
const RESULTS_BUCKET = 'tw-fault-results';
const context = { functionName: 'verify', awsRequestId: 'req-faults' } as unknown as Context;

const world = new VectorWorld();
const key = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
const start = new Date('2026-01-05T00:00:10Z');
const end = new Date('2026-01-05T01:00:10Z');

/** One starting digest listing two log files, on a trail of its own. */
const trail = (name: string): { digest: DigestRef; logKeys: string[] } => {
  const chain = new ChainBuilder(world, {
    accountId: '111122223333',
    name,
    homeRegion: 'us-east-1',
    sourceRegion: 'eu-west-1',
    bucket: TRAIL_BUCKET,
    signer: key,
  });
  const logs = [chain.log(new Date('2026-01-05T00:20:00Z')), chain.log(new Date('2026-01-05T00:40:00Z'))];
  return { digest: chain.digest({ start, end, logs, previous: null }), logKeys: logs.map((l) => l.key) };
};

const clean = trail('clean');
const digestCut = trail('digest-cut');
const logCut = trail('log-cut');

/** A digest whose previous digest is read short (the previous one is a starting digest). */
const previousCut = (() => {
  const chain = new ChainBuilder(world, {
    accountId: '111122223333',
    name: 'previous-cut',
    homeRegion: 'us-east-1',
    sourceRegion: 'eu-west-1',
    bucket: TRAIL_BUCKET,
    signer: key,
  });
  const [previous, digest] = chain.hourly(new Date('2026-01-06T01:00:10Z'), 2, 1) as [DigestRef, DigestRef];
  return { previous, digest };
})();

/** Keys whose GetObject answer falls short of the object, and how (set by each test). */
const cut = new Set<string>([digestCut.digest.key, logCut.logKeys[1]!, previousCut.previous.key]);
let fault: (size: number) => BodyFault;

let server: FaultEndpoint;
let stub: CloudTrailStub;
let handler: (event: unknown, context: Context) => Promise<unknown>;

/** S3 over the world's objects: GetObject from the trail bucket, PutObject (verdicts) accepted. */
const respond = (request: CapturedRequest): Reply => {
  if (request.service !== 's3') return s3Error(400, 'InvalidRequest', `unexpected ${request.service} call`);
  if (request.action === 'PUT') return s3PutOk();
  const object = world.objects.get(`${request.bucket}/${request.key}`);
  if (request.action !== 'GET' || object === undefined)
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  return s3Object(object.body, object.metadata, cut.has(request.key) ? fault(object.body.length) : undefined);
};

const message = (id: string, digest: DigestRef): SQSRecord => ({
  messageId: id,
  receiptHandle: id,
  body: JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: digest.bucket }, object: { key: digest.key } },
      },
    ],
  }),
  attributes: {} as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:digest-queue',
  awsRegion: 'us-east-1',
});

/** Runs the handler; returns its result and the alerts the console sink printed. */
const invoke = async (event: unknown): Promise<{ alerts: Alert[]; result: unknown }> => {
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
  server = await startFaultEndpoint(respond);
  stub = await startCloudTrailStub({
    keys: () => world.keys,
    trails: () => world.trails,
    organizationId: () => world.organizationId,
  });
  vi.stubEnv('AWS_ENDPOINT_URL_S3', server.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', stub.endpoint);
  vi.stubEnv('RESULTS_BUCKET', RESULTS_BUCKET);
  ({ handler } = await import('../../functions/verify.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stub?.close();
  await server?.close();
});

describe('verify handler over S3 with injected faults', () => {
  it.each<[string, (size: number) => BodyFault]>([
    ['the connection closes mid-body', (size) => ({ cutAfter: Math.floor(size / 2) })],
    [
      'the store answers with half the object, Content-Length agreeing',
      (size) => ({ servedBytes: Math.floor(size / 2) }),
    ],
  ])('retries a digest, log file or previous digest read short when %s, and judges none', async (_name, how) => {
    // Prepare: the clean trail's message is read whole; the digest of one trail, a log file of
    // another and the previous digest of a third are read short
    fault = how;
    const first = server.requests.length;
    const event = {
      Records: [
        message('clean', clean.digest),
        message('digest-cut', digestCut.digest),
        message('log-cut', logCut.digest),
        message('previous-cut', previousCut.digest),
      ],
    };
    // Act
    const { result, alerts } = await invoke(event);
    // Assess: both short reads happened, and exactly their messages go back to the queue
    const requests = server.requests.slice(first);
    expect(new Set(requests.filter((r) => r.action === 'GET' && cut.has(r.key)).map((r) => r.key))).toEqual(cut);
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'digest-cut' },
        { itemIdentifier: 'log-cut' },
        { itemIdentifier: 'previous-cut' },
      ],
    });
    // no verdict and no integrity alert for them (no previous-digest finding either): a short read is not tampering
    const verdicts = requests.filter((r) => r.action === 'PUT').map((r) => r.key);
    expect(verdicts).toEqual([`verdicts/digest/${TRAIL_BUCKET}/${clean.digest.key.replace(/\.json\.gz$/, '')}.json`]);
    expect(alerts.map((a) => a.ruleId)).toEqual(['digest-chain-start']);
    expect(alerts[0]?.s3Key).toBe(clean.digest.key);
  });
});
