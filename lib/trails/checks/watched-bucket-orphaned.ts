import { fail } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Each bucket trailwatch reads is some visible trail's bucket. */
export const check: AccountCheck<'watched-bucket-orphaned'> = {
  id: 'watched-bucket-orphaned',
  severity: 'high',
  title: 'trailwatch reads a bucket that no trail writes to',
  controls: [],
  evaluate: ({ trails, watchedBuckets }) =>
    watchedBuckets
      .filter((bucket) => !trails.some((t) => t.description.S3BucketName === bucket))
      .map((bucket) =>
        fail(check, {
          trail: null,
          resource: `s3://${bucket}`,
          title: `trailwatch reads s3://${bucket}, which no trail visible to this account writes to`,
          evidence: {
            watchedBucket: bucket,
            trailBuckets: [...new Set(trails.map((t) => t.description.S3BucketName).filter(Boolean))],
            note: 'trails of other accounts that deliver into this bucket are not visible here',
          },
          remediation: `aws cloudtrail update-trail --name <trail> --s3-bucket-name ${bucket}   # or point trailwatch at the trail's bucket`,
        })
      ),
};
