import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTrailSnapshot, SnapshotCallError } from '../../lib/aws/trail-snapshot.js';
import { createTrailSnapshotClients } from '../../lib/aws/cloudtrail-clients.js';
import { auditTrails } from '../../lib/trails/audit-trails.js';
import {
  MOTO_ACCOUNT,
  motoClients,
  setUpBadAccount,
  setUpGoodAccount,
  setUpOrganizationTrail,
} from './moto-scenarios.js';
import { hasMotoServer, MOTO_SKIP_REASON, type MotoServer, startMotoServer } from './moto-server.js';

const motoAbsent = !hasMotoServer();
if (motoAbsent) console.warn(MOTO_SKIP_REASON);

const REGIONS = ['us-east-1', 'us-west-2'];

describe.skipIf(motoAbsent)('fetchTrailSnapshot against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => moto?.close());
  beforeEach(async () => moto.reset());

  const snapshotOf = async () => {
    const clients = createTrailSnapshotClients({ AWS_ENDPOINT_URL: moto.endpoint });
    try {
      return await fetchTrailSnapshot({ regions: REGIONS, clients });
    } finally {
      clients.destroy();
    }
  };

  it('finds nothing of low severity or above in the good account (MFA delete aside: moto does not keep it)', async () => {
    // Prepare
    const { trailArn, bucket } = await setUpGoodAccount(moto.endpoint);
    // Act
    const report = auditTrails(await snapshotOf());
    // Assess
    expect(report.trails).toMatchObject([
      { arn: trailArn, bucket, logging: true, multiRegion: true, regions: REGIONS },
    ]);
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => f.id)).toEqual(['bucket-mfa-delete-off']);
    expect(report.copies.map((c) => [c.region, c.copy])).toEqual([
      ['us-east-1', 'first'],
      ['us-west-2', 'first'],
    ]);
  });

  it('reads every call of the good account through the SDK, including the "not configured" answers', async () => {
    // Prepare
    const { trailArn, bucket } = await setUpGoodAccount(moto.endpoint);
    // Act
    const snapshot = await snapshotOf();
    // Assess
    expect(snapshot.trails[trailArn]?.status).toMatchObject({ status: 'ok', value: { IsLogging: true } });
    expect(snapshot.buckets[bucket]?.versioning).toEqual({ status: 'ok', value: { Status: 'Enabled' } });
    expect(snapshot.buckets[bucket]?.encryption).toMatchObject({
      status: 'ok',
      value: { ServerSideEncryptionConfiguration: { Rules: [{ BucketKeyEnabled: true }] } },
    });
    expect(snapshot.buckets[bucket]?.objectLock).toMatchObject({
      status: 'absent',
      code: 'ObjectLockConfigurationNotFoundError',
    });
    expect(snapshot.organization).toMatchObject({ status: 'absent', code: 'AWSOrganizationsNotInUseException' });
  });

  it('reports the problems of the bad account', async () => {
    // Prepare
    const { trailArn, copyArn, bucket } = await setUpBadAccount(moto.endpoint);
    // Act
    const report = auditTrails(await snapshotOf());
    // Assess
    const found = report.findings.filter((f) => f.status === 'fail').map((f) => `${f.id} ${f.trail ?? f.resource}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `bucket-public ${trailArn}`,
        `bucket-public-access-block-off ${trailArn}`,
        `bucket-versioning-off ${trailArn}`,
        `management-events-region-gap account ${MOTO_ACCOUNT}`,
        `global-service-events-missing account ${MOTO_ACCOUNT}`,
        `log-file-validation-off ${trailArn}`,
        `kms-encryption-off ${trailArn}`,
        `data-events-unscoped ${trailArn}`,
        `management-events-duplicate-copy ${copyArn}`,
      ])
    );
    expect(report.findings.find((f) => f.id === 'bucket-public')).toMatchObject({
      severity: 'critical',
      resource: `s3://${bucket}`,
      evidence: expect.objectContaining({
        publicAclGrants: [{ grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }],
      }),
    });
    expect(report.findings.find((f) => f.id === 'management-events-region-gap')?.evidence).toMatchObject({
      gaps: [{ region: 'us-east-1', missing: ['read', 'write'] }],
    });
  });

  it('reports a stopped trail', async () => {
    // Prepare
    await setUpGoodAccount(moto.endpoint);
    await motoClients(moto.endpoint).cloudTrail.send(new StopLoggingCommand({ Name: 'good-trail' }));
    // Act
    const report = auditTrails(await snapshotOf());
    // Assess
    expect(report.findings.filter((f) => f.severity === 'high').map((f) => f.id)).toEqual([
      'global-service-events-missing',
      'management-events-region-gap',
      'trail-not-logging',
    ]);
  });

  it('marks the organization check not evaluated when ListDelegatedAdministrators is refused, without failing the audit', async () => {
    // Prepare: moto refuses the cloudtrail.amazonaws.com service principal with InvalidInputException
    const trailArn = await setUpOrganizationTrail(moto.endpoint);
    // Act
    const snapshot = await snapshotOf();
    const report = auditTrails(snapshot);
    // Assess
    expect(snapshot.organization).toMatchObject({
      status: 'ok',
      value: { Organization: { MasterAccountId: MOTO_ACCOUNT } },
    });
    expect(report.findings.find((f) => f.id === 'organization-trail-management-account')).toMatchObject({
      status: 'not-evaluated',
      severity: 'info',
      trail: trailArn,
      evidence: expect.objectContaining({ code: 'InvalidInputException' }),
    });
  });
});

describe('fetchTrailSnapshot without a reachable endpoint', () => {
  it('throws SnapshotCallError naming the call and region', async () => {
    // Prepare: nothing listens on port 9 of the loopback
    const clients = createTrailSnapshotClients({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, { maxAttempts: 1 });
    // Act
    const fetching = fetchTrailSnapshot({ regions: ['eu-west-1'], clients });
    // Assess
    await expect(fetching).rejects.toMatchObject({
      name: 'SnapshotCallError',
      call: 'cloudtrail:DescribeTrails',
      region: 'eu-west-1',
    });
    await expect(fetching).rejects.toBeInstanceOf(SnapshotCallError);
    clients.destroy();
  });
});
