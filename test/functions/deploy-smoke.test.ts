import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE = join(ROOT, '.serverless', 'cloudformation-template-update-stack.json');
const motoMissing = motoServerPath() === undefined;
const notPackaged = !existsSync(TEMPLATE);
if (motoMissing) console.warn('deploy smoke test skipped: moto_server is not on PATH (pip install "moto[server]")');
else if (notPackaged)
  console.warn('deploy smoke test skipped: no packaged template; run `npx osls package` first (.ci/run does)');

/**
 * The packaged stack, created in moto's CloudFormation as `osls deploy` would after uploading the
 * artifacts. (`osls deploy` itself stops at moto's ValidateTemplate, which runs cfn-lint and fails on
 * its warning W3005 about the DependsOn osls adds beside each function's own role; CreateStack does
 * not lint, and CloudFormation never does.)
 */
describe.skipIf(motoMissing || notPackaged)('deploy smoke test: the packaged stack on moto_server', () => {
  let moto: MotoServer;
  let cloudFormation: CloudFormationClient;
  let s3: S3Client;
  beforeAll(async () => {
    moto = await startMoto();
    const config = {
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    cloudFormation = new CloudFormationClient(config);
    s3 = new S3Client(config);
  });
  afterAll(async () => moto?.close());

  it('creates every function, queue, topic and bucket of the template', async () => {
    // Prepare: upload the artifacts where the template says they are
    const text = await readFile(TEMPLATE, 'utf8');
    const template = JSON.parse(text) as {
      Resources: Record<string, { Type: string; Properties?: { Code?: { S3Bucket?: unknown; S3Key?: string } } }>;
    };
    await s3.send(new CreateBucketCommand({ Bucket: 'trailwatch-deployment' }));
    const artifacts = Object.values(template.Resources).flatMap((r) =>
      r.Properties?.Code?.S3Key ? [r.Properties.Code.S3Key] : []
    );
    for (const key of artifacts) {
      await s3.send(
        new PutObjectCommand({
          Bucket: 'trailwatch-deployment',
          Key: key,
          Body: await readFile(join(ROOT, '.serverless', basename(key))),
        })
      );
    }
    for (const resource of Object.values(template.Resources)) {
      if (resource.Properties?.Code?.S3Key) resource.Properties.Code.S3Bucket = 'trailwatch-deployment';
    }
    const body = JSON.stringify(template);
    // Act
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'trailwatch-smoke',
        TemplateBody: body,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      })
    );
    // Assess
    const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'trailwatch-smoke' }));
    expect(Stacks[0]?.StackStatus).toBe('CREATE_COMPLETE');
    const resources: Array<{ LogicalResourceId?: string; ResourceType?: string; PhysicalResourceId?: string }> = [];
    let token: string | undefined;
    do {
      const page = await cloudFormation.send(
        new ListStackResourcesCommand({ StackName: 'trailwatch-smoke', NextToken: token })
      );
      resources.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token);
    const functions = resources
      .filter((r) => r.ResourceType === 'AWS::Lambda::Function')
      .map((r) => r.LogicalResourceId)
      .sort();
    expect(functions).toEqual([
      'AuditLambdaFunction',
      'HeartbeatLambdaFunction',
      'IngestLambdaFunction',
      'JudgeLambdaFunction',
      'LogsLambdaFunction',
      'RealtimeLambdaFunction',
      'RollupLambdaFunction',
      'VerifyLambdaFunction',
    ]);
    expect(artifacts.length).toBeGreaterThanOrEqual(8);
    const logical = new Set(resources.map((r) => r.LogicalResourceId));
    for (const id of [
      'IngestQueue',
      'DigestQueue',
      'AlertTopic',
      'AlertsDeadLetterQueue',
      'ResultsBucket',
      'IncidentTable',
      'CorrelationTable',
      'AlertsPublishPolicy',
      'TrailsAuditPolicy',
      'IngestFunctionRole',
      'VerifyFunctionRole',
      'HeartbeatFunctionRole',
      'RollupFunctionRole',
      'RealtimeFunctionRole',
      'LogsFunctionRole',
      'AuditFunctionRole',
    ]) {
      expect(logical).toContain(id);
    }
    const results = resources.find((r) => r.LogicalResourceId === 'ResultsBucket')?.PhysicalResourceId;
    await expect(s3.send(new HeadBucketCommand({ Bucket: results }))).resolves.toBeDefined();
  });
});
