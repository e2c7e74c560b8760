import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** The most days any enabled rule keeps current or noncurrent objects before expiring them, the smallest wins. */
const shortestExpiry = (configuration: unknown): number =>
  Math.min(
    ...asList((configuration as { Rule?: unknown } | undefined)?.Rule)
      .filter((rule) => rule?.Status === 'Enabled')
      .flatMap((rule) => [Number(rule?.Expiration?.Days), Number(rule?.NoncurrentVersionExpiration?.NoncurrentDays)])
      .filter((days) => Number.isFinite(days))
  );

/** S3 lifecycle rule expires objects within a week: A bucket lifecycle rule now deletes objects (or old versions) after 7 days or less: on a log bucket it erases the evidence on its own; critical on the trail bucket trailwatch reads. */
export const rule: RuleDefinition = {
  id: 's3-lifecycle-expires-objects-quickly',
  title: 'S3 lifecycle rule expires objects within a week',
  description:
    'A bucket lifecycle rule now deletes objects (or old versions) after 7 days or less: on a log bucket it erases the evidence on its own; critical on the trail bucket trailwatch reads.',
  severity: 'medium',
  severityFor: (r, context) => (context.watchedBuckets.includes(String(params(r).bucketName)) ? 'critical' : 'medium'),
  tags: ['attack.impact', 'attack.t1485.001', 'attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-lifecycle-rule/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketLifecycle', 'PutBucketLifecycleConfiguration'],
  match: (r) => succeeded(r) && shortestExpiry(params(r).LifecycleConfiguration) <= 7,
};
