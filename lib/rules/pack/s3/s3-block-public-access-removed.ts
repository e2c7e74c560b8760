import { params, publicAccessBlockWeakened, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 Block Public Access removed from a bucket: A bucket's Block Public Access configuration was deleted or one of its settings turned off. */
export const rule: RuleDefinition = {
  id: 's3-block-public-access-removed',
  title: 'S3 Block Public Access removed from a bucket',
  description: "A bucket's Block Public Access configuration was deleted or one of its settings turned off.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'],
  match: (r) =>
    succeeded(r) &&
    (r.eventName === 'DeleteBucketPublicAccessBlock' ||
      publicAccessBlockWeakened(params(r).PublicAccessBlockConfiguration)),
};
