import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

type LifecycleRule = {
  Status?: unknown;
  Prefix?: unknown;
  Filter?: {
    Prefix?: unknown;
    Tag?: unknown;
    And?: unknown;
    ObjectSizeGreaterThan?: unknown;
    ObjectSizeLessThan?: unknown;
  };
  Expiration?: { Days?: unknown; Date?: unknown };
  NoncurrentVersionExpiration?: { NoncurrentDays?: unknown };
};

// CloudTrail turns the XML body into JSON, so numbers may arrive as strings.
const withinADay = (days: unknown): boolean => days !== undefined && days !== '' && Number(days) <= 1;

/** A rule with no prefix, tag or size filter covers every object. */
const wholeBucket = (entry: LifecycleRule): boolean => {
  const f = entry.Filter ?? {};
  const prefix = f.Prefix ?? entry.Prefix ?? '';
  return (
    prefix === '' &&
    f.Tag === undefined &&
    f.And === undefined &&
    f.ObjectSizeGreaterThan === undefined &&
    f.ObjectSizeLessThan === undefined
  );
};

/** S3 lifecycle rule expires a whole bucket within a day: A lifecycle configuration expires current or noncurrent object versions after one day (or less) for the whole bucket: S3 itself deletes the data at the next lifecycle run. */
export const rule: RuleDefinition = {
  id: 's3-lifecycle-expires-bucket-within-a-day',
  title: 'S3 lifecycle rule expires a whole bucket within a day',
  description:
    'A lifecycle configuration expires current or noncurrent object versions after one day (or less) for the whole bucket: S3 itself deletes the data at the next lifecycle run.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485.001'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html',
    'https://attack.mitre.org/techniques/T1485/001/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketLifecycle'],
  match: (r) =>
    succeeded(r) &&
    asList((params(r).LifecycleConfiguration as { Rule?: unknown } | undefined)?.Rule).some(
      (entry: LifecycleRule) =>
        entry?.Status === 'Enabled' &&
        wholeBucket(entry) &&
        (withinADay(entry.Expiration?.Days) || withinADay(entry.NoncurrentVersionExpiration?.NoncurrentDays))
    ),
};
