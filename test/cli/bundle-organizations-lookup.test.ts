import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { drainQueue, rawQueueTopic } from '../helpers/raw-queue-topic.js';
import { type LauncherRun, STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const SAMPLE = 'events/objects/example-trail-bucket';
/** The sample's own account, where moto acts: the organization's management account. */
const OWN_ACCOUNT = '111122223333';
/** The sample's other account: not in the organization. */
const OTHER_ACCOUNT = '444455556666';

/*
 * The CLI as users run it (the launcher and its esbuild bundle) loads the Organizations client
 * only when ALERT_ORGANIZATIONS_LOOKUP asks for account names, the way it loads Security Hub's
 * (bundle-lazy-clients.test.ts). A lookup that fails falls back quietly to the configured names,
 * so only the names on the delivered alerts show that the client was made and answered.
 */
describe.skipIf(motoServerPath() === undefined)('the bundled CLI naming accounts from Organizations', () => {
  let moto: MotoServer;
  let run: LauncherRun;
  let delivered: Alert[];

  beforeAll(async () => {
    moto = await startMoto({ accountId: OWN_ACCOUNT });
    const client = { region: 'us-east-1', endpoint: moto.endpoint };
    await new OrganizationsClient(client).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const sqs = new SQSClient(client);
    const { TopicArn, QueueUrl } = await rawQueueTopic(new SNSClient(client), sqs, 'trailwatch-alerts');
    run = await spawnTrailwatch(['detect', SAMPLE, '--sns-topic-arn', TopicArn], {
      env: { AWS_ENDPOINT_URL: moto.endpoint, ALERT_ORGANIZATIONS_LOOKUP: 'true' },
      timeoutMs: 120_000,
    });
    delivered = (await drainQueue(sqs, QueueUrl)).map((m) => JSON.parse(m.Body ?? '{}') as Alert);
  }, 180_000);
  afterAll(async () => moto?.close());

  it("names the organization's account on every alert about it, and no other", () => {
    // Prepare
    const own = delivered.filter((a) => a.account === OWN_ACCOUNT);
    const other = delivered.filter((a) => a.account === OTHER_ACCOUNT);
    // Assess
    expect(run.stderr).not.toMatch(/not a constructor|TypeError|names unavailable|not delivered/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.code).toBe(0);
    expect(own.length).toBeGreaterThan(0);
    // moto names an organization's management account "master".
    expect(new Set(own.map((a) => a.accountName))).toEqual(new Set(['master']));
    expect(other.length).toBeGreaterThan(0);
    expect(other.filter((a) => a.accountName !== undefined)).toEqual([]);
  });
});
