import type { BucketCalls, TrailFinding } from '../model/trails.js';
import { notRead } from './checks/helpers.js';
import { BUCKET_CHECKS } from './checks/index.js';
import type { BucketContext } from './checks/types.js';
import type { TrailFacts } from './trail-facts.js';
import type { UsageIndex } from './usage-from-summaries.js';

/**
 * The checks of lib/trails/checks/ on one trail bucket: exists, not public, Block Public Access,
 * versioning or Object Lock, MFA delete, server access logging, Bucket Key with SSE-KMS, a
 * lifecycle rule. A failed exclusive check (bucket-missing) is the bucket's only finding.
 * @param bucket - the bucket name
 * @param calls - the per-bucket call outcomes (undefined when the bucket was not read at all)
 * @param trails - the trails that write to the bucket
 * @param usage - the usage index, for the KMS request cost
 * @returns the bucket's findings; `trail` is the first of its trails, evidence lists them all
 */
export const checkBucket = (
  bucket: string,
  calls: BucketCalls | undefined,
  trails: readonly TrailFacts[],
  usage: UsageIndex | undefined
): TrailFinding[] => {
  const get = <K extends keyof BucketCalls>(key: K, call: string): BucketCalls[K] =>
    (calls?.[key] ?? notRead(call)) as BucketCalls[K];
  const ctx: BucketContext = {
    bucket,
    calls: {
      policyStatus: get('policyStatus', 's3:GetBucketPolicyStatus'),
      publicAccessBlock: get('publicAccessBlock', 's3:GetBucketPublicAccessBlock'),
      encryption: get('encryption', 's3:GetEncryptionConfiguration'),
      versioning: get('versioning', 's3:GetBucketVersioning'),
      logging: get('logging', 's3:GetBucketLogging'),
      objectLock: get('objectLock', 's3:GetBucketObjectLockConfiguration'),
      lifecycle: get('lifecycle', 's3:GetLifecycleConfiguration'),
      acl: get('acl', 's3:GetBucketAcl'),
    },
    trails,
    usage,
  };
  const findings: TrailFinding[] = [];
  for (const check of BUCKET_CHECKS) {
    const found = check.evaluate(ctx);
    if (check.exclusive && found.length > 0) return found;
    findings.push(...found);
  }
  return findings;
};
