import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { IP_DATA_FILES } from '../../lib/context/constants.js';
import { s3Put, SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { encodeLogFile, logFileKey } from '../../tools/sample/generate-trail.js';
import { loadEvent } from '../helpers/events.js';
import { IP_DATA_DIR } from '../helpers/ip-data.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3rver.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { rawQueueTopic } from '../helpers/raw-queue-topic.js';

const context = { awsRequestId: 'test-request', functionName: 'realtime' } as Context;
const ingestContext = { awsRequestId: 'test-request', functionName: 'ingest' } as Context;

const CASES = 'lib/rules/pack/sts/workload-credentials-used-outside-aws.cases.json';
/** The rule's first case: EC2 instance credentials used from RIPE NCC's 193.0.6.139 (AS3333, NL). */
const stolen = (JSON.parse(readFileSync(CASES, 'utf8')) as Array<{ record: CloudTrailRecord }>)[0]
  ?.record as CloudTrailRecord;
const RIPE = {
  kind: 'public',
  asn: 3333,
  org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)',
  country: 'NL',
  aws: false,
};

const eventOf = async (record: CloudTrailRecord) => ({
  ...((await loadEvent('eventbridge-cloudtrail-stop-logging')) as object),
  source: 'aws.s3',
  detail: record,
});

const motoMissing = motoServerPath() === undefined;

describe.skipIf(motoMissing)('the realtime function with the offline IP context', () => {
  let moto: MotoServer;
  let sns: SNSClient;
  let sqs: SQSClient;
  let n = 0;
  beforeAll(async () => {
    moto = await startMoto();
    sns = new SNSClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1' });
  });
  afterAll(async () => moto?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** A topic with a raw-delivery queue behind it; returns the topic and a reader of the queue. */
  const topic = async () => {
    n++;
    const { TopicArn, QueueUrl } = await rawQueueTopic(sns, sqs, `context-${n}`);
    const bodies = async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      return Messages.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    };
    return { TopicArn, bodies };
  };

  const realtime = async (env: Record<string, string>) => {
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', moto.endpoint);
    vi.stubEnv('ALERT_MIN_SEVERITY_SNS', 'info');
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    return (await import('../../functions/realtime.js')).handler;
  };

  it('sends the SNS message with context.sourceIPAddress of the call’s address', async () => {
    const { TopicArn, bodies } = await topic();
    const handler = await realtime({ ALERT_SNS_TOPIC_ARN: TopicArn });

    await handler(await eventOf(stolen), context);

    const alerts = (await bodies()) as Alert[];
    const alert = alerts.find((a) => a.ruleId === 'workload-credentials-used-outside-aws');
    expect(alert?.sourceIPAddress).toBe('193.0.6.139');
    expect(alert?.context).toEqual({ sourceIPAddress: RIPE });
  });

  it('maps the context to the OCSF finding’s src_endpoint', async () => {
    const { TopicArn, bodies } = await topic();
    const handler = await realtime({ ALERT_SNS_TOPIC_ARN: TopicArn, ALERT_FORMAT: 'ocsf' });

    await handler(await eventOf(stolen), context);

    const [finding] = await bodies();
    expect(finding?.evidences).toEqual([
      expect.objectContaining({
        src_endpoint: {
          ip: '193.0.6.139',
          autonomous_system: { number: RIPE.asn, name: RIPE.org },
          location: { country: 'NL' },
        },
      }),
    ]);
    expect(finding?.unmapped).toMatchObject({ context: { sourceIPAddress: RIPE } });
  });
});

describe.skipIf(motoMissing)('ingest whose IP database is missing or corrupt (s3rver, SNS on moto)', () => {
  const RESULTS = 'results-bucket';
  let moto: MotoServer;
  let s3: LocalS3;
  let sns: SNSClient;
  let sqs: SQSClient;
  let n = 0;
  const dirs: string[] = [];
  beforeAll(async () => {
    [moto, s3] = await Promise.all([startMoto(), startLocalS3()]);
    await s3.createBucket(SAMPLE_BUCKET);
    await s3.createBucket(RESULTS);
    sns = new SNSClient({ endpoint: moto.endpoint, region: 'us-east-1' });
    sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1' });
  });
  afterAll(async () => {
    await Promise.all([moto?.close(), s3?.close()]);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A topic with a raw-delivery queue behind it; returns the topic and a reader of everything queued. */
  const topic = async () => {
    n++;
    const { TopicArn, QueueUrl } = await rawQueueTopic(sns, sqs, `no-ip-data-${n}`);
    const alerts = async (): Promise<Alert[]> => {
      const all: Alert[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
        if (Messages.length === 0) return all;
        for (const m of Messages) {
          all.push(JSON.parse(m.Body ?? '{}') as Alert);
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
    };
    return { TopicArn, alerts };
  };

  /** An IP data folder: the checkout's files, then `spoil` applied to it. */
  const dataDir = (spoil: (dir: string) => void): string => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-ip-data-'));
    dirs.push(dir);
    for (const file of Object.values(IP_DATA_FILES)) copyFileSync(join(IP_DATA_DIR, file), join(dir, file));
    spoil(dir);
    return dir;
  };

  /** A log file with the stolen workload credentials' call and a StopLogging: its key. */
  const putLogFile = async (): Promise<string> => {
    const stop = (
      JSON.parse(readFileSync('lib/rules/pack/cloudtrail/cloudtrail-logging-stopped.cases.json', 'utf8')) as Array<{
        record: CloudTrailRecord;
      }>
    )[0]?.record as CloudTrailRecord;
    const records = [stolen, { ...stop, eventID: `stop-${n}` }];
    const key = logFileKey('111122223333', 'us-east-1', new Date(), `NOIPDATA${String(++n).padStart(8, '0')}`);
    await s3.client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: key, Body: encodeLogFile(records) }));
    return key;
  };

  /** A cold start of the ingest function (its module loaded afresh) with this IP data folder; its logger's errors. */
  const coldStart = async (dir: string, TopicArn: string) => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', moto.endpoint);
    vi.stubEnv('RESULTS_BUCKET', RESULTS);
    vi.stubEnv('ALERT_SNS_TOPIC_ARN', TopicArn);
    vi.stubEnv('ALERT_MIN_SEVERITY_SNS', 'info');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'trailwatch-test-ingest');
    vi.stubEnv('TRAILWATCH_IP_DATA_DIR', dir);
    vi.resetModules();
    // The module's logger, as the handler's cold start will use it
    const { logger } = await import('../../lib/logger.js');
    const errors: unknown[][] = [];
    vi.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args);
    });
    const { handler } = await import('../../functions/ingest.js');
    return { handler, errors };
  };

  it.each([
    {
      name: 'a missing ASN table',
      file: 'asn.bin',
      spoil: (dir: string) => rmSync(join(dir, 'asn.bin')),
      reason: 'missing; build it with npm run build:ip-data (docs/context.md)',
    },
    {
      name: 'a corrupt country table',
      file: 'country.bin',
      spoil: (dir: string) => writeFileSync(join(dir, 'country.bin'), 'not a table'),
      reason: 'shorter than its 64-byte header',
    },
  ])(
    'runs without IP context and sends one high configuration finding naming $name',
    async ({ file, spoil, reason }) => {
      // Prepare
      const dir = dataDir(spoil);
      const { TopicArn, alerts } = await topic();
      const first = await putLogFile();
      const second = await putLogFile();
      // Act
      const { handler, errors } = await coldStart(dir, TopicArn);
      await handler(s3Put(first), ingestContext);
      await handler(s3Put(second), ingestContext);
      const sent = await alerts();
      // Assess: one error line naming the file, the invocations went through, one finding
      expect(errors).toEqual([
        ['IP database unusable: the function runs without IP context', { file: join(dir, file), reason }],
      ]);
      const findings = sent.filter((a) => a.category === 'configuration');
      expect(findings).toEqual([
        expect.objectContaining({
          ruleId: 'ip-database-unusable',
          severity: 'high',
          id: createHash('sha256')
            .update(`ip-database-unusable\u0000trailwatch-test-ingest\u0000${join(dir, file)}\u0000${reason}`)
            .digest('hex')
            .slice(0, 32),
          details: {
            file: join(dir, file),
            reason,
            function: 'trailwatch-test-ingest',
            rules: [
              'console-signin-from-new-country',
              'long-term-credentials-from-new-network',
              'workload-credentials-used-outside-aws',
            ],
          },
        }),
      ]);
      expect(findings[0]?.description).toContain(`${join(dir, file)}: ${reason}.`);
      expect(findings[0]?.description).toContain('workload-credentials-used-outside-aws');
      // Detection went on without the context: StopLogging alerted for each file, the workload rule never
      const detections = sent.filter((a) => a.category === 'detection');
      expect(detections.filter((a) => a.ruleId === 'cloudtrail-logging-stopped')).toHaveLength(2);
      expect(detections.map((a) => a.ruleId)).not.toContain('workload-credentials-used-outside-aws');
      expect(detections.filter((a) => a.sourceIPAddress !== undefined).length).toBeGreaterThan(0);
      expect(detections.filter((a) => a.context !== undefined)).toEqual([]);
    }
  );

  it('sends the same finding id from every cold start of the same broken deployment', async () => {
    // Prepare
    const dir = dataDir((d) => rmSync(join(d, 'country.bin')));
    const { TopicArn, alerts } = await topic();
    // Act
    for (let i = 0; i < 2; i++) {
      const { handler } = await coldStart(dir, TopicArn);
      await handler(s3Put(await putLogFile()), ingestContext);
    }
    const findings = (await alerts()).filter((a) => a.ruleId === 'ip-database-unusable');
    // Assess
    expect(findings).toHaveLength(2);
    expect(findings[0]?.id).toBe(findings[1]?.id);
    expect(findings[0]?.details?.file).toBe(join(dir, 'country.bin'));
  });
});
