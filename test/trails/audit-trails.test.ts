import { describe, expect, it } from 'vitest';
import { auditTrails, findingsAtOrAbove } from '../../lib/trails/audit-trails.js';
import { fail, notEvaluated } from '../../lib/trails/checks.js';
import type { TrailFinding, TrailSnapshot } from '../../lib/model/trails.js';
import {
  ACCOUNT,
  BUCKET,
  goodSnapshot,
  goodTrail,
  goodTrailCalls,
  MAIN_ARN,
  TAKEN_AT,
  withTrail,
} from './snapshots.js';

type Mutation = (s: TrailSnapshot) => void;

const trailCalls = (s: TrailSnapshot) => s.trails[MAIN_ARN] as NonNullable<TrailSnapshot['trails'][string]>;
const bucketCalls = (s: TrailSnapshot) => s.buckets[BUCKET] as NonNullable<TrailSnapshot['buckets'][string]>;
const describeMain = (s: TrailSnapshot, patch: Record<string, unknown>): void => {
  for (const outcome of Object.values(s.describeTrails)) {
    if (outcome.status !== 'ok') continue;
    outcome.value.trailList = (outcome.value.trailList ?? []).map((t) =>
      t.TrailARN === MAIN_ARN ? { ...t, ...patch } : t
    );
  }
};
const setStatus = (s: TrailSnapshot, patch: Record<string, unknown>): void => {
  const status = trailCalls(s).status;
  if (status.status === 'ok') Object.assign(status.value, patch);
};
const hoursBefore = (h: number): string => new Date(Date.parse(TAKEN_AT) - h * 3600_000).toISOString();

const audit = (mutate: Mutation, options = {}) => {
  const snapshot = goodSnapshot();
  mutate(snapshot);
  return auditTrails(snapshot, options);
};

const ids = (findings: readonly TrailFinding[]) => findings.map((f) => `${f.id}:${f.status}`);

describe('auditTrails', () => {
  it('finds nothing in a well-configured account', () => {
    // Act
    const report = auditTrails(goodSnapshot());
    // Assess
    expect(report.findings).toEqual([]);
    expect(report.accountId).toBe(ACCOUNT);
    expect(report.trails).toMatchObject([{ arn: MAIN_ARN, regions: ['eu-west-1', 'us-east-1'], logging: true }]);
  });

  it.each<[string, Mutation, string, string]>([
    ['a stopped trail', (s) => setStatus(s, { IsLogging: false }), 'trail-not-logging', 'high'],
    ['a delivery error', (s) => setStatus(s, { LatestDeliveryError: 'AccessDenied' }), 'trail-delivery-error', 'high'],
    [
      'a KMS digest error',
      (s) => setStatus(s, { LatestDigestDeliveryError: 'KMS.DisabledException' }),
      'trail-delivery-error',
      'high',
    ],
    [
      'no delivery for two hours',
      (s) => setStatus(s, { LatestDeliveryTime: hoursBefore(2) }),
      'trail-delivery-stale',
      'medium',
    ],
    [
      'no digest for three hours',
      (s) => setStatus(s, { LatestDigestDeliveryTime: hoursBefore(3) }),
      'trail-delivery-stale',
      'medium',
    ],
    [
      'no CloudWatch Logs delivery for 30 hours',
      (s) => setStatus(s, { LatestCloudWatchLogsDeliveryTime: hoursBefore(30) }),
      'trail-delivery-stale',
      'medium',
    ],
    [
      'validation off',
      (s) => describeMain(s, { LogFileValidationEnabled: false }),
      'log-file-validation-off',
      'medium',
    ],
    ['no KMS key', (s) => describeMain(s, { KmsKeyId: undefined }), 'kms-encryption-off', 'medium'],
    [
      'no KMS key (best-practice trail)',
      (s) => describeMain(s, { KmsKeyId: undefined }),
      'security-trail-missing',
      'medium',
    ],
    [
      'no CloudWatch Logs',
      (s) => describeMain(s, { CloudWatchLogsLogGroupArn: undefined }),
      'cloudwatch-logs-off',
      'info',
    ],
    [
      'Insights not enabled',
      (s) => {
        trailCalls(s).insightSelectors = { status: 'absent', code: 'InsightNotEnabledException', message: 'none' };
      },
      'insights-off',
      'info',
    ],
    [
      'no global service events',
      (s) => describeMain(s, { IncludeGlobalServiceEvents: false }),
      'global-service-events-missing',
      'high',
    ],
    [
      'a single-region trail',
      (s) => {
        describeMain(s, { IsMultiRegionTrail: false });
        const eu = s.describeTrails['eu-west-1'];
        if (eu?.status === 'ok') eu.value.trailList = [];
      },
      'management-events-region-gap',
      'high',
    ],
    [
      'write-only management events',
      (s) => {
        trailCalls(s).eventSelectors = {
          status: 'ok',
          value: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] },
        };
      },
      'multi-region-trail-missing',
      'medium',
    ],
    [
      'KMS events excluded from the only trail',
      (s) => {
        trailCalls(s).eventSelectors = {
          status: 'ok',
          value: {
            EventSelectors: [
              {
                ReadWriteType: 'All',
                IncludeManagementEvents: true,
                ExcludeManagementEventSources: ['kms.amazonaws.com'],
              },
            ],
          },
        };
      },
      'multi-region-trail-missing',
      'medium',
    ],
    [
      'basic selectors on every S3 object',
      (s) => {
        trailCalls(s).eventSelectors = {
          status: 'ok',
          value: {
            EventSelectors: [
              {
                ReadWriteType: 'All',
                IncludeManagementEvents: true,
                DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
              },
            ],
          },
        };
      },
      'data-events-unscoped',
      'low',
    ],
    [
      'no S3 object-level events',
      (s) => {
        trailCalls(s).eventSelectors = {
          status: 'ok',
          value: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
        };
      },
      's3-data-events-missing',
      'info',
    ],
    [
      'no Block Public Access configuration',
      (s) => {
        bucketCalls(s).publicAccessBlock = {
          status: 'absent',
          code: 'NoSuchPublicAccessBlockConfiguration',
          message: 'not found',
        };
      },
      'bucket-public-access-block-off',
      'medium',
    ],
    [
      'a public bucket policy without Block Public Access',
      (s) => {
        bucketCalls(s).publicAccessBlock = {
          status: 'absent',
          code: 'NoSuchPublicAccessBlockConfiguration',
          message: 'not found',
        };
        bucketCalls(s).policyStatus = { status: 'ok', value: { PolicyStatus: { IsPublic: true } } };
      },
      'bucket-public',
      'critical',
    ],
    [
      'a public-read ACL without Block Public Access',
      (s) => {
        bucketCalls(s).publicAccessBlock = {
          status: 'absent',
          code: 'NoSuchPublicAccessBlockConfiguration',
          message: 'not found',
        };
        bucketCalls(s).acl = {
          status: 'ok',
          value: {
            Grants: [
              {
                Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
                Permission: 'READ',
              },
            ],
          },
        };
      },
      'bucket-public',
      'critical',
    ],
    [
      'neither versioning nor Object Lock',
      (s) => {
        bucketCalls(s).versioning = { status: 'ok', value: {} };
      },
      'bucket-versioning-off',
      'medium',
    ],
    [
      'MFA delete off',
      (s) => {
        bucketCalls(s).versioning = { status: 'ok', value: { Status: 'Enabled', MFADelete: 'Disabled' } };
      },
      'bucket-mfa-delete-off',
      'low',
    ],
    [
      'server access logging off',
      (s) => {
        bucketCalls(s).logging = { status: 'ok', value: {} };
      },
      'bucket-access-logging-off',
      'low',
    ],
    [
      'SSE-KMS without Bucket Key',
      (s) => {
        bucketCalls(s).encryption = {
          status: 'ok',
          value: {
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
            },
          },
        };
      },
      'bucket-key-off',
      'low',
    ],
    [
      'no lifecycle rule',
      (s) => {
        bucketCalls(s).lifecycle = { status: 'absent', code: 'NoSuchLifecycleConfiguration', message: 'none' };
      },
      'bucket-lifecycle-missing',
      'info',
    ],
  ])('reports %s as %s', (_name, mutate, id, severity) => {
    // Act
    const report = audit(mutate);
    // Assess
    expect(report.findings).toContainEqual(expect.objectContaining({ id, severity, status: 'fail' }));
    const finding = report.findings.find((f) => f.id === id) as TrailFinding;
    expect(finding.remediation).toMatch(/^aws (cloudtrail|s3api) /);
  });

  it('reports only bucket-missing when the trail bucket does not exist', () => {
    // Act
    const report = audit((s) => {
      for (const key of Object.keys(bucketCalls(s)) as Array<keyof ReturnType<typeof bucketCalls>>) {
        bucketCalls(s)[key] = {
          status: 'absent',
          code: 'NoSuchBucket',
          message: 'The specified bucket does not exist',
        };
      }
    });
    // Assess
    expect(report.findings.filter((f) => f.resource === `s3://${BUCKET}`).map((f) => f.id)).toEqual(['bucket-missing']);
    expect(report.findings[0]).toMatchObject({ id: 'bucket-missing', severity: 'critical' });
  });

  it('treats a public ACL as private when IgnorePublicAcls is on', () => {
    // Act
    const report = audit((s) => {
      bucketCalls(s).acl = {
        status: 'ok',
        value: {
          Grants: [
            { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
          ],
        },
      };
    });
    // Assess
    expect(report.findings).toEqual([]);
  });

  it('reports "no trail" when DescribeTrails lists none in any region', () => {
    // Act
    const report = audit((s) => {
      for (const outcome of Object.values(s.describeTrails)) if (outcome.status === 'ok') outcome.value.trailList = [];
      s.trails = {};
      s.buckets = {};
    });
    // Assess
    expect(ids(report.findings)).toEqual(['trail-none:fail']);
    expect(report.findings[0]?.remediation).toContain('--is-multi-region-trail');
  });

  describe('calls that were denied or failed', () => {
    it('marks the checks of a denied GetTrailStatus as not evaluated, never as passed', () => {
      // Act
      const report = audit((s) => {
        trailCalls(s).status = {
          status: 'denied',
          code: 'AccessDeniedException',
          message: 'no cloudtrail:GetTrailStatus',
        };
      });
      // Assess
      const notEvaluated = report.findings.filter((f) => f.status === 'not-evaluated').map((f) => f.id);
      expect(notEvaluated).toEqual(
        expect.arrayContaining([
          'trail-not-logging',
          'trail-delivery-error',
          'trail-delivery-stale',
          'management-events-region-gap',
          'multi-region-trail-missing',
          'security-trail-missing',
          'global-service-events-missing',
        ])
      );
      expect(report.findings.every((f) => f.status === 'fail' || f.severity === 'info')).toBe(true);
      expect(report.findings.find((f) => f.id === 'trail-not-logging')?.title).toContain(
        'not evaluated: access denied (AccessDeniedException)'
      );
    });

    it('marks the versioning and MFA delete checks not evaluated when GetBucketVersioning is denied', () => {
      // Act
      const report = audit((s) => {
        bucketCalls(s).versioning = { status: 'denied', code: 'AccessDenied', message: 'Access Denied' };
      });
      // Assess
      expect(ids(report.findings).sort()).toEqual([
        'bucket-mfa-delete-off:not-evaluated',
        'bucket-versioning-off:not-evaluated',
      ]);
    });

    it('passes the versioning check on Object Lock alone when GetBucketVersioning is denied', () => {
      // Act
      const report = audit((s) => {
        bucketCalls(s).versioning = { status: 'denied', code: 'AccessDenied', message: 'Access Denied' };
        bucketCalls(s).objectLock = {
          status: 'ok',
          value: { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } },
        };
      });
      // Assess
      expect(ids(report.findings)).toEqual(['bucket-mfa-delete-off:not-evaluated']);
    });

    it('marks the public check not evaluated when the policy status has no IsPublic and the block is partial', () => {
      // Act
      const report = audit((s) => {
        bucketCalls(s).policyStatus = { status: 'ok', value: { PolicyStatus: {} } };
        bucketCalls(s).publicAccessBlock = {
          status: 'ok',
          value: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } },
        };
      });
      // Assess
      expect(ids(report.findings).sort()).toEqual([
        'bucket-public-access-block-off:fail',
        'bucket-public:not-evaluated',
      ]);
    });

    it('marks "no trail" not evaluated when DescribeTrails is denied in every region', () => {
      // Act
      const report = audit((s) => {
        for (const region of s.regions) {
          s.describeTrails[region] = { status: 'denied', code: 'AccessDeniedException', message: 'denied' };
        }
      });
      // Assess
      expect(ids(report.findings)).toEqual(['trail-none:not-evaluated']);
    });
  });

  describe('organization trails', () => {
    const organizationSnapshot = (delegated: TrailSnapshot['delegatedAdministrators']): TrailSnapshot => {
      const s = goodSnapshot();
      describeMain(s, { IsOrganizationTrail: true });
      s.organization = { status: 'ok', value: { Organization: { Id: 'o-abcdefghij', MasterAccountId: ACCOUNT } } };
      s.delegatedAdministrators = delegated;
      return s;
    };

    it('reports an organization trail with no delegated administrator', () => {
      // Act
      const report = auditTrails(organizationSnapshot({ status: 'ok', value: { DelegatedAdministrators: [] } }));
      // Assess
      expect(report.findings).toEqual([
        expect.objectContaining({
          id: 'organization-trail-management-account',
          severity: 'medium',
          trail: MAIN_ARN,
          evidence: expect.objectContaining({ organizationId: 'o-abcdefghij', managementAccountId: ACCOUNT }),
        }),
      ]);
    });

    it('accepts an organization trail with a delegated administrator', () => {
      // Act
      const report = auditTrails(
        organizationSnapshot({
          status: 'ok',
          value: { DelegatedAdministrators: [{ Id: '444455556666', Name: 'security' }] },
        })
      );
      // Assess
      expect(report.findings).toEqual([]);
    });
  });

  it('reports a watched bucket that no trail writes to', () => {
    // Act
    const report = auditTrails(goodSnapshot(), { watchedBuckets: [BUCKET, 'old-trail-bucket'] });
    // Assess
    expect(report.findings).toEqual([
      expect.objectContaining({ id: 'watched-bucket-orphaned', resource: 's3://old-trail-bucket', severity: 'high' }),
    ]);
  });

  it('orders findings by severity, most severe first', () => {
    // Act
    const report = audit((s) => {
      describeMain(s, { LogFileValidationEnabled: false, CloudWatchLogsLogGroupArn: undefined });
      setStatus(s, { IsLogging: false });
    });
    // Assess
    const ranks = report.findings.map((f) => ['info', 'low', 'medium', 'high', 'critical'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('keeps a second trail in the report and labels it an additional copy', () => {
    // Prepare
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/second`;
    const snapshot = withTrail(goodSnapshot(), goodTrail({ Name: 'second', TrailARN: arn }), goodTrailCalls(arn));
    // Act
    const report = auditTrails(snapshot);
    // Assess
    expect(report.trails.map((t) => t.arn)).toEqual([MAIN_ARN, arn]);
    expect(report.findings.map((f) => f.id)).toEqual(['management-events-duplicate-copy']);
    expect(report.findings[0]).toMatchObject({ trail: arn, monthlyCostUsd: null });
  });
});

describe('findingsAtOrAbove', () => {
  const findings: TrailFinding[] = [
    fail('trail-not-logging', {
      trail: MAIN_ARN,
      resource: MAIN_ARN,
      evidence: {},
      remediation: 'aws cloudtrail start-logging',
    }),
    fail('log-file-validation-off', {
      trail: MAIN_ARN,
      resource: MAIN_ARN,
      evidence: {},
      remediation: 'aws cloudtrail update-trail',
    }),
    fail('cloudwatch-logs-off', {
      trail: MAIN_ARN,
      resource: MAIN_ARN,
      evidence: {},
      remediation: 'aws cloudtrail update-trail',
    }),
    notEvaluated('bucket-public', { trail: MAIN_ARN, resource: `s3://${BUCKET}` }, 's3:GetBucketPolicyStatus', {
      status: 'denied',
      code: 'AccessDenied',
      message: 'Access Denied',
    }),
  ];

  it.each([
    ['critical', []],
    ['high', ['trail-not-logging']],
    ['medium', ['trail-not-logging', 'log-file-validation-off']],
    ['info', ['trail-not-logging', 'log-file-validation-off', 'cloudwatch-logs-off']],
  ] as const)('keeps failed findings at or above %s, never not-evaluated ones', (failOn, expected) => {
    // Act
    const reached = findingsAtOrAbove(findings, failOn);
    // Assess
    expect(reached.map((f) => f.id)).toEqual(expected);
  });
});
