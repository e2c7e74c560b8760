import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUCKET, goodTrail, MAIN_ARN } from './snapshots.js';

/** Writes a folder of evidence files (objects as the CLI's indented JSON). */
export const writeEvidence = async (dir: string, files: Record<string, string | object>): Promise<void> => {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  }
};

/** What the AWS CLI prints for the good trail and bucket (CLI v1: JSON-protocol timestamps as epoch seconds). */
export const cliEvidence = (): Record<string, string | object> => ({
  'taken-at.txt': '2026-03-01T12:00:00Z\n',
  'account-id.txt': '111122223333\n',
  'describe-trails.us-east-1.json': { trailList: [goodTrail()] },
  'get-trail-status.us-east-1.main.json': {
    IsLogging: true,
    LatestDeliveryTime: Date.parse('2026-03-01T11:55:00Z') / 1000,
    LatestDigestDeliveryTime: Date.parse('2026-03-01T11:30:00Z') / 1000,
    LatestCloudWatchLogsDeliveryTime: Date.parse('2026-03-01T11:56:00Z') / 1000,
    StartLoggingTime: Date.parse('2026-01-01T00:00:00Z') / 1000,
    LatestNotificationAttemptTime: '',
  },
  'get-event-selectors.us-east-1.main.json': {
    TrailARN: MAIN_ARN,
    EventSelectors: [
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
    ],
  },
  'get-insight-selectors.us-east-1.main.err':
    '\nAn error occurred (InsightNotEnabledException) when calling the GetInsightSelectors operation: Trail main does not have Insights enabled.\n',
  'get-insight-selectors.us-east-1.main.json': '',
  [`get-bucket-policy-status.${BUCKET}.json`]: { PolicyStatus: { IsPublic: false } },
  [`get-public-access-block.${BUCKET}.err`]:
    '\nAn error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: The public access block configuration was not found\n',
  [`get-bucket-encryption.${BUCKET}.json`]: {
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
    },
  },
  [`get-bucket-versioning.${BUCKET}.json`]: { Status: 'Enabled', MFADelete: 'Enabled' },
  [`get-bucket-logging.${BUCKET}.json`]: '',
  [`get-object-lock-configuration.${BUCKET}.err`]:
    '\nAn error occurred (AccessDenied) when calling the GetObjectLockConfiguration operation: Access Denied\n',
  [`get-bucket-lifecycle-configuration.${BUCKET}.json`]: { Rules: [{ ID: 'r', Status: 'Enabled' }] },
  [`get-bucket-acl.${BUCKET}.json`]: { Grants: [] },
  'describe-organization.err':
    '\nAn error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization.\n',
});
