import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { snsError, startFaultEndpoint } from '../helpers/aws-fault-endpoint.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS, sampleKeys } from '../helpers/events.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { rawQueueTopic } from '../helpers/raw-queue-topic.js';
import { startLookupEventsServer } from '../sources/lookup-events-server.js';

const alertsOf = (stdout: string): Alert[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

describe('trailwatch detect sources and replay', () => {
  let file: string;
  let records: CloudTrailRecord[];
  let dir: string;
  beforeAll(async () => {
    const [first] = await sampleKeys();
    file = join(EVENTS, 'objects', SAMPLE_BUCKET, first as string);
    records = JSON.parse(gunzipSync(await readFile(file)).toString()).Records;
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-detect-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('runs the rules on Event history with the same alert ids as the S3 file of the same events', async () => {
    // Prepare: Event history serves the file's records, newest first, 50 a page
    const history = [...records].sort((a, b) => String(b.eventTime).localeCompare(String(a.eventTime)));
    const server = await startLookupEventsServer({ records: history });
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.endpoint);
    try {
      // Act
      const fromFile = await runCli(['detect', file]);
      const fromHistory = await runCli(['detect', '--lookup-events', '--region', 'us-east-1', '--checkpoint-dir', dir]);
      // Assess
      expect(fromHistory.code).toBe(0);
      const ids = (out: string) =>
        alertsOf(out)
          .map((a) => `${a.id} ${a.count}`)
          .sort();
      expect(alertsOf(fromFile.stdout).length).toBeGreaterThan(3);
      expect(ids(fromHistory.stdout)).toEqual(ids(fromFile.stdout));
      expect(fromHistory.stderr).toMatch(/us-east-1: 1 pages, 40 events back to 2026-01-02T03:00:\d\dZ/);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('exits 1 when alerts cannot be delivered to SNS, still printing every alert', async () => {
    // Prepare: SNS answers every Publish with Throttling
    const sns = await startFaultEndpoint(() => snsError(400, 'Throttling', 'Rate exceeded'));
    vi.stubEnv('AWS_ENDPOINT_URL_SNS', sns.endpoint);
    vi.stubEnv('ALERT_MAX_ATTEMPTS', '1');
    try {
      // Act
      const { code, stdout, stderr } = await runCli([
        'detect',
        file,
        '--sns-topic-arn',
        'arn:aws:sns:us-east-1:111122223333:alerts',
      ]);
      // Assess
      const alerts = alertsOf(stdout);
      expect(code).toBe(1);
      expect(alerts.length).toBeGreaterThan(3);
      expect(stderr).toContain('not delivered');
      for (const alert of alerts) expect(stderr).toContain(alert.id);
    } finally {
      await sns.close();
    }
  });

  describe.skipIf(motoServerPath() === undefined)('replay into SNS through moto_server', () => {
    let moto: MotoServer;
    // biome-ignore lint/suspicious/noDuplicateTestHooks: describe.skipIf(…)(…) opens a nested block the rule does not see
    beforeAll(async () => {
      moto = await startMoto();
    });
    // biome-ignore lint/suspicious/noDuplicateTestHooks: describe.skipIf(…)(…) opens a nested block the rule does not see
    afterAll(async () => {
      await moto?.close();
    });

    it('sends every alert of a folder to the topic once and exits 0', async () => {
      // Prepare
      const config = { endpoint: moto.endpoint, region: 'us-east-1' };
      const sns = new SNSClient(config);
      const sqs = new SQSClient(config);
      const { TopicArn, QueueUrl } = await rawQueueTopic(sns, sqs, 'replay-alerts', 'replay-archive');
      vi.stubEnv('AWS_ENDPOINT_URL_SNS', moto.endpoint);
      // Act
      const { code, stdout } = await runCli([
        'detect',
        join(EVENTS, 'objects', SAMPLE_BUCKET),
        '--sns-topic-arn',
        TopicArn,
      ]);
      // Assess
      expect(code).toBe(0);
      const printed = alertsOf(stdout).map((a) => a.id);
      const received: string[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
        if (Messages.length === 0) break;
        received.push(...Messages.map((m) => (JSON.parse(m.Body ?? '{}') as Alert).id));
      }
      expect(received.sort()).toEqual([...new Set(printed)].sort());
    });
  });
});
