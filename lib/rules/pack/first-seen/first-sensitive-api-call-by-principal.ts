import { baselinePrincipal, madeByAwsService, succeeded } from '../helpers.js';
import type { CloudTrailRecord } from '../../../model/record.js';
import type { RuleDefinition } from '../../types.js';

const SENSITIVE: Readonly<Record<string, readonly string[]>> = {
  'kms.amazonaws.com': ['PutKeyPolicy'],
  's3.amazonaws.com': ['PutBucketPolicy', 'DeleteBucketPolicy'],
  'cloudtrail.amazonaws.com': [
    'CreateTrail',
    'UpdateTrail',
    'DeleteTrail',
    'StopLogging',
    'StartLogging',
    'PutEventSelectors',
    'PutInsightSelectors',
  ],
};

/** IAM's read calls: everything else IAM records is a write. */
const IAM_READ = /^(Get|List|Generate|Simulate)/;

const isSensitive = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'iam.amazonaws.com'
    ? !IAM_READ.test(r.eventName ?? '') && r.readOnly !== true
    : (SENSITIVE[r.eventSource ?? '']?.includes(r.eventName ?? '') ?? false);

/** First use of a sensitive API by a principal: IAM writes, KMS key policies, S3 bucket policies and trail changes, the first time each principal makes each call. */
export const rule: RuleDefinition = {
  id: 'first-sensitive-api-call-by-principal',
  title: 'First use of a sensitive API by a principal',
  description:
    'A principal made an IAM write, a KMS key policy change, an S3 bucket policy change or a trail change it had never made before (after the learning period; a principal never seen before alerts on its first such call).',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098', 'attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html',
  ],
  eventSource: ['iam.amazonaws.com', ...Object.keys(SENSITIVE)],
  // The sensitive APIs outside IAM as a pattern the engine folds per API: the rule is never
  // called for the other calls of KMS, S3 and CloudTrail (every object and key call among them).
  pattern: `{ ($.eventSource = "iam.amazonaws.com") || ${Object.entries(SENSITIVE)
    .flatMap(([source, names]) => names.map((name) => `(($.eventSource = "${source}") && ($.eventName = "${name}"))`))
    .join(' || ')} }`,
  // isSensitive reads head fields only: most calls of these services stop there, before userIdentity is read.
  match: (r) => succeeded(r) && isSensitive(r) && !madeByAwsService(r),
  firstSeen: {
    entity: baselinePrincipal,
    key: (r) => `${(r.eventSource ?? '').replace(/\.amazonaws\.com$/, '')}:${r.eventName ?? ''}`,
    newEntity: 'alert',
  },
};
