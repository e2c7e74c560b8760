import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SNAPSHOT_IAM_ACTIONS } from '../../lib/aws/trail-snapshot.js';
import { auditTrails, findingsAtOrAbove } from '../../lib/trails/audit-trails.js';
import { type CfnTemplate, snapshotFromTemplate } from '../../lib/trails/snapshot-from-template.js';

const ACCOUNT = '111122223333';
const PACKAGED = '.serverless/cloudformation-template-update-stack.json';
/** A packaged template that includes serverless/resources-trails.yml (after `npx osls package`). */
const packagedWithTrails = existsSync(PACKAGED) && readFileSync(PACKAGED, 'utf8').includes('"TrailwatchCreateTrail"');

/** Resolves the Serverless variables the fragment uses, as `osls package --param …` would. */
const resolveServerless = (text: string, params: Record<string, string>): string =>
  text
    .replace(/\$\{param:(\w+), '?([^'}]*)'?\}/g, (_, name: string, fallback: string) => params[name] ?? fallback)
    .replace(/\$\{self:service\}/g, 'trailwatch')
    .replace(/\$\{sls:stage\}/g, 'dev');

const fragment = async (params: Record<string, string>): Promise<CfnTemplate> =>
  parse(resolveServerless(await readFile('serverless/resources-trails.yml', 'utf8'), params)) as CfnTemplate;

const auditTemplate = (template: CfnTemplate) =>
  auditTrails(
    snapshotFromTemplate(template, {
      accountId: ACCOUNT,
      region: 'us-east-1',
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
      takenAt: '2026-03-01T12:00:00Z',
    })
  );

describe('the createTrail resources (serverless/resources-trails.yml)', () => {
  it('declare a trail in which the audit finds nothing of medium severity or above', async () => {
    // Act
    const report = auditTemplate(await fragment({ createTrail: 'true' }));
    // Assess
    expect(report.trails).toMatchObject([
      {
        name: 'trailwatch-dev',
        multiRegion: true,
        globalServiceEvents: true,
        logFileValidation: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/key-TrailKey`,
        organization: false,
        management: { read: true, write: true, excludedSources: [] },
      },
    ]);
    expect(findingsAtOrAbove(report.findings, 'medium')).toEqual([]);
    expect(
      report.findings
        .filter((f) => f.severity === 'low')
        .map((f) => f.id)
        .sort()
    ).toEqual(['bucket-access-logging-off', 'bucket-mfa-delete-off']);
  });

  it('declare nothing but the audit policy without createTrail, so the audit reports no trail', async () => {
    // Act
    const report = auditTemplate(await fragment({}));
    // Assess
    expect(report.trails).toEqual([]);
    expect(report.findings.map((f) => f.id)).toEqual(['trail-none']);
  });

  it('declare an organization trail with organizationTrail=true, still with nothing of medium or above', async () => {
    // Prepare
    const template = await fragment({ createTrail: 'true', organizationTrail: 'true' });
    // Act
    const report = auditTemplate(template);
    // Assess
    expect(report.trails[0]?.organization).toBe(true);
    expect(findingsAtOrAbove(report.findings, 'medium')).toEqual([]);
    expect(report.findings.find((f) => f.id === 'organization-trail-management-account')?.status).toBe('not-evaluated');
  });

  it('give CloudTrail the documented bucket policy, bound to the trail by aws:SourceArn', async () => {
    // Prepare
    const template = await fragment({ createTrail: 'true' });
    const trailArn = `arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/trailwatch-dev`;
    // Act
    const statements =
      (
        template.Resources?.TrailBucketPolicy?.Properties?.PolicyDocument as
          | { Statement: Array<Record<string, unknown>> }
          | undefined
      )?.Statement ?? [];
    // Assess
    expect(statements.find((s) => s.Sid === 'AWSCloudTrailAclCheck')).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Condition: { StringEquals: { 'aws:SourceArn': { 'Fn::Sub': trailArn } } },
    });
    expect(statements.find((s) => s.Sid === 'AWSCloudTrailWrite')).toMatchObject({
      Action: 's3:PutObject',
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': { 'Fn::Sub': trailArn } },
      },
    });
  });

  it('let CloudTrail encrypt with the key only for this trail and the account decrypt', async () => {
    // Prepare
    const template = await fragment({ createTrail: 'true' });
    // Act
    const statements =
      (template.Resources?.TrailKey?.Properties?.KeyPolicy as { Statement: Array<Record<string, unknown>> } | undefined)
        ?.Statement ?? [];
    // Assess
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['EnableAccountAdministration', 'kms:*'],
      ['AllowCloudTrailToEncryptLogs', 'kms:GenerateDataKey*'],
      ['AllowCloudTrailToDescribeKey', 'kms:DescribeKey'],
      ['AllowAccountPrincipalsToDecryptLogs', ['kms:Decrypt', 'kms:ReEncryptFrom']],
    ]);
    expect(statements[3]).toMatchObject({
      Condition: { StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  it('grant the audit exactly the read-only calls the snapshot fetcher makes', async () => {
    // Prepare
    const template = await fragment({});
    // Act
    const statements =
      (
        template.Resources?.TrailsAuditPolicy?.Properties?.PolicyDocument as
          | { Statement: Array<{ Action: string[] }> }
          | undefined
      )?.Statement ?? [];
    // Assess
    expect(statements.flatMap((s) => s.Action).sort()).toEqual([...SNAPSHOT_IAM_ACTIONS].sort());
    expect(template.Resources?.TrailsAuditPolicy?.Properties?.Roles).toEqual([{ Ref: 'AuditFunctionRole' }]);
  });

  it.skipIf(!packagedWithTrails)(
    'declare a trail in the packaged template that the audit passes at medium',
    async () => {
      // Prepare: the packaged template, with createTrail on whatever `--param` it was packaged with
      const template = JSON.parse(await readFile(PACKAGED, 'utf8')) as CfnTemplate;
      template.Conditions = { ...template.Conditions, TrailwatchCreateTrail: { 'Fn::Equals': ['true', 'true'] } };
      // Act
      const report = auditTemplate(template);
      // Assess
      expect(report.trails.length).toBeGreaterThan(0);
      expect(findingsAtOrAbove(report.findings, 'medium')).toEqual([]);
    }
  );
});
