import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';
import { rawQueueTopic } from '../helpers/raw-queue-topic.js';

const SAMPLE = 'events/objects/example-trail-bucket';

if (motoServerPath() === undefined) console.warn('detect replay stdout test skipped: moto_server is not on PATH');

describe.skipIf(motoServerPath() === undefined)('trailwatch detect replaying into SNS and EventBridge', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.close());

  it('prints only alerts on stdout, one JSON alert per line, while the sinks log on stderr', async () => {
    // Prepare: a topic with a queue behind it, to see what the replay delivered
    const config = { endpoint: moto.endpoint, region: 'us-east-1' };
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const { TopicArn, QueueUrl } = await rawQueueTopic(sns, sqs, 'replay-stdout', 'replay-stdout-archive');
    // Act: the launcher as a user runs it; any logger still writing to stdout would show at DEBUG
    const run = await spawnTrailwatch(
      ['detect', SAMPLE, '--sns-topic-arn', TopicArn, '--event-bus', 'default', '--verbose'],
      {
        env: {
          AWS_ENDPOINT_URL_SNS: moto.endpoint,
          AWS_ENDPOINT_URL_EVENTBRIDGE: moto.endpoint,
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
        },
      }
    );
    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const alerts = lines.map((line) => JSON.parse(line) as Alert);
    expect(alerts.length).toBeGreaterThan(3);
    for (const alert of alerts)
      expect(alert).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), category: 'detection' });
    expect(run.stderr).toContain('"message":"sns alerts sent"');
    expect(run.stderr).toContain('"message":"eventbridge alerts sent"');
    expect(run.stderr).toMatch(
      /12 files, 480 records, .* sent to sns and eventbridge, \d+ matches in \d+ incidents .*\n$/
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
    const received: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      if (Messages.length === 0) break;
      received.push(...Messages.map((m) => (JSON.parse(m.Body ?? '{}') as Alert).id));
    }
    expect(received.sort()).toEqual([...new Set(alerts.map((a) => a.id))].sort());
  });
});
