import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { loadEvent } from '../helpers/events.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';

const context = { awsRequestId: 'test-request', functionName: 'realtime' } as Context;
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
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: `context-${n}` }));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `context-${n}` }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.QueueArn ?? '',
        Attributes: { RawMessageDelivery: 'true' },
      })
    );
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

describe('a function whose IP database is missing or corrupt', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (prepare: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'no-ip-data-'));
    dirs.push(dir);
    prepare(dir);
    vi.stubEnv('TRAILWATCH_IP_DATA_DIR', dir);
    vi.resetModules();
    return { dir, starting: import('../../functions/realtime.js') };
  };

  it('fails its initialisation with one error naming the missing file', async () => {
    const { dir, starting } = await start(() => {});

    await expect(starting).rejects.toMatchObject({
      name: 'IpDatabaseError',
      message: `IP database ${join(dir, 'asn.bin')}: missing; build it with npm run build:ip-data (docs/context.md)`,
    });
  });

  it('fails its initialisation naming a corrupt file', async () => {
    const { dir, starting } = await start((d) => writeFileSync(join(d, 'asn.bin'), 'not a table'));

    await expect(starting).rejects.toMatchObject({
      name: 'IpDatabaseError',
      message: `IP database ${join(dir, 'asn.bin')}: shorter than its 64-byte header`,
    });
  });
});
