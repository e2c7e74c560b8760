import { describe, expect, it } from 'vitest';
import { auditTrails } from '../../lib/trails/audit-trails.js';
import { labelTrailCopies } from '../../lib/trails/label-copies.js';
import type { TrailSnapshot } from '../../lib/model/trails.js';
import {
  ACCOUNT,
  BUCKET,
  goodSnapshot,
  goodTrail,
  goodTrailCalls,
  MAIN_ARN,
  summaryWith,
  withTrail,
} from './snapshots.js';

const SECOND_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/second`;
const SECOND_BUCKET = 'second-trail-logs';
const ORG_ARN = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org';

const withSecondTrail = (
  overrides: Parameters<typeof goodTrail>[0] = {},
  selectors?: TrailSnapshot['trails'][string]['eventSelectors']
) => {
  const calls = goodTrailCalls(SECOND_ARN);
  if (selectors) calls.eventSelectors = selectors;
  return withTrail(
    goodSnapshot(),
    goodTrail({ Name: 'second', TrailARN: SECOND_ARN, S3BucketName: SECOND_BUCKET, ...overrides }),
    calls
  );
};

describe('labelTrailCopies', () => {
  it('labels the multi-region trail first and a single-region trail additional in its region only', () => {
    // Prepare
    const snapshot = withSecondTrail({ IsMultiRegionTrail: false, HomeRegion: 'us-east-1' });
    // Act
    const labels = labelTrailCopies(snapshot);
    // Assess
    expect(labels.map((l) => [l.region, l.trailArn, l.copy])).toEqual([
      ['eu-west-1', MAIN_ARN, 'first'],
      ['us-east-1', MAIN_ARN, 'first'],
      ['us-east-1', SECOND_ARN, 'additional'],
    ]);
  });

  it('gives the first copy to an organization trail over the account trail', () => {
    // Prepare
    const snapshot = withTrail(
      goodSnapshot(),
      goodTrail({ Name: 'org', TrailARN: ORG_ARN, IsOrganizationTrail: true }),
      goodTrailCalls(ORG_ARN)
    );
    // Act
    const labels = labelTrailCopies(snapshot).filter((l) => l.region === 'us-east-1');
    // Assess
    expect(labels).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, trailArn: ORG_ARN, copy: 'first' }),
      expect.objectContaining({ accountId: ACCOUNT, trailArn: MAIN_ARN, copy: 'additional' }),
    ]);
  });

  it('leaves out stopped trails and trails without management events', () => {
    // Prepare
    const snapshot = withSecondTrail(
      {},
      {
        status: 'ok',
        value: {
          EventSelectors: [
            {
              ReadWriteType: 'All',
              IncludeManagementEvents: false,
              DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] }],
            },
          ],
        },
      }
    );
    const third = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/third`;
    const calls = goodTrailCalls(third);
    if (calls.status.status === 'ok') calls.status.value.IsLogging = false;
    const withStopped = withTrail(snapshot, goodTrail({ Name: 'third', TrailARN: third }), calls);
    // Act
    const labels = labelTrailCopies(withStopped);
    // Assess
    expect(new Set(labels.map((l) => l.trailArn))).toEqual(new Set([MAIN_ARN]));
  });
});

describe('the cost of additional copies', () => {
  it('prices the pricing page example: 150,000 management events on a second trail cost $3.00', () => {
    // Prepare
    const snapshot = withSecondTrail();
    const summaries = summaryWith({
      events: [
        { source: 'ec2.amazonaws.com', read: true, count: 100_000 },
        { source: 'iam.amazonaws.com', read: false, count: 50_000 },
      ],
    });
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    const finding = report.findings.find((f) => f.id === 'management-events-duplicate-copy');
    expect(finding).toMatchObject({ trail: SECOND_ARN, monthlyCostUsd: 3 });
    expect(finding?.evidence.regions).toEqual([
      expect.objectContaining({ region: 'eu-west-1', monthlyUsd: null, basis: null }),
      expect.objectContaining({
        region: 'us-east-1',
        firstCopy: MAIN_ARN,
        monthlyEvents: 150_000,
        basis: 'first-copy-files',
      }),
    ]);
  });

  it('prices the copy from its own files when trailwatch reads its bucket', () => {
    // Prepare
    const snapshot = withSecondTrail();
    const summaries = [
      ...summaryWith({ events: [{ source: 'ec2.amazonaws.com', read: true, count: 150_000 }] }),
      ...summaryWith({ bucket: SECOND_BUCKET, events: [{ source: 'ec2.amazonaws.com', read: true, count: 40_000 }] }),
    ];
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    const finding = report.findings.find((f) => f.id === 'management-events-duplicate-copy');
    expect(finding?.monthlyCostUsd).toBe(0.8);
    expect(finding?.evidence.regions).toContainEqual(
      expect.objectContaining({ region: 'us-east-1', basis: 'own-files' })
    );
  });

  it('counts only the writes of a write-only second trail', () => {
    // Prepare
    const snapshot = withSecondTrail(
      {},
      { status: 'ok', value: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } }
    );
    const summaries = summaryWith({
      events: [
        { source: 'ec2.amazonaws.com', read: true, count: 100_000 },
        { source: 'iam.amazonaws.com', read: false, count: 50_000 },
      ],
    });
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    expect(report.findings.find((f) => f.id === 'management-events-duplicate-copy')?.monthlyCostUsd).toBe(1);
  });

  it('states the saving of excluding KMS and RDS Data API events, and the CloudTrail Lake alternative', () => {
    // Prepare
    const snapshot = withSecondTrail();
    const summaries = summaryWith({
      events: [
        { source: 'kms.amazonaws.com', read: true, count: 80_000 },
        { source: 'rdsdata.amazonaws.com', read: false, count: 20_000 },
        { source: 'iam.amazonaws.com', read: false, count: 100_000 },
      ],
    });
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    const finding = report.findings.find((f) => f.id === 'management-events-duplicate-copy');
    expect(finding?.monthlyCostUsd).toBe(4);
    expect(finding?.evidence.options).toMatchObject({
      excludeKmsAndRdsData: { monthlySavingUsd: 2 },
      // 200,000 events × 1,000 bytes (the summaries' average) = 0.2 GB × $0.75
      cloudTrailLake: { monthlyUsd: 0.15 },
    });
  });

  it('scales a short window up to a month and says over how many days it counted', () => {
    // Prepare
    const snapshot = withSecondTrail();
    const summaries = summaryWith({ events: [{ source: 'ec2.amazonaws.com', read: true, count: 1000 }] });
    for (const summary of summaries) summary.counts = summary.counts.map((c) => ({ ...c, hour: '2026-03-01T10' }));
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    const finding = report.findings.find((f) => f.id === 'management-events-duplicate-copy');
    // 1,000 events in 1 hour → 720,000 a month → $14.40
    expect(finding?.monthlyCostUsd).toBe(14.4);
    expect(finding?.evidence.window).toMatchObject({ coveredDays: 0.04 });
  });

  it('prices basic data-event selectors on every S3 object: 2,000,000 data events cost $2.00', () => {
    // Prepare
    const snapshot = goodSnapshot();
    const calls = snapshot.trails[MAIN_ARN];
    if (calls) {
      calls.eventSelectors = {
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
    }
    const summaries = summaryWith({
      category: 'Data',
      events: [
        { source: 's3.amazonaws.com', read: true, count: 1_500_000 },
        { source: 's3.amazonaws.com', read: false, count: 500_000 },
      ],
    });
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess
    const finding = report.findings.find((f) => f.id === 'data-events-unscoped');
    expect(finding).toMatchObject({
      monthlyCostUsd: 2,
      evidence: expect.objectContaining({ monthlySavingWriteOnlyUsd: 1.5 }),
    });
    expect(finding?.remediation).toContain(`"NotStartsWith":["arn:aws:s3:::${BUCKET}/"]`);
  });

  it('prices the KMS requests a missing Bucket Key causes', () => {
    // Prepare
    const snapshot = goodSnapshot();
    const bucket = snapshot.buckets[BUCKET];
    if (bucket)
      bucket.encryption = { status: 'absent', code: 'ServerSideEncryptionConfigurationNotFoundError', message: 'none' };
    const summaries = summaryWith({ events: [{ source: 'ec2.amazonaws.com', read: true, count: 10 }], files: 5000 });
    // Act
    const report = auditTrails(snapshot, { summaries });
    // Assess: 5,000 files × 2 requests × $0.03 per 10,000
    expect(report.findings.find((f) => f.id === 'bucket-key-off')).toMatchObject({
      monthlyCostUsd: 0.03,
      evidence: expect.objectContaining({ monthlyKmsRequests: 10_000 }),
    });
  });
});
