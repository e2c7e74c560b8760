import { type CheckId, fail, notEvaluated } from './checks.js';
import { PRICES } from './constants.js';
import type { TrailFacts } from './trail-facts.js';
import type { BucketCalls, Outcome, TrailFinding } from '../model/trails.js';
import { toCents, type UsageIndex } from './usage-from-summaries.js';

const PUBLIC_GRANTEES = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

const BLOCK_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

const notRead = <T>(call: string): Outcome<T> => ({
  status: 'skipped',
  code: 'NotCollected',
  message: `${call} not read`,
});

/**
 * Whether the bucket is public. Public Access Block settings win over a public policy or ACL:
 * `RestrictPublicBuckets` limits a public policy to AWS services and the account,
 * `IgnorePublicAcls` makes public ACL grants void.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
const publicState = (
  calls: BucketCalls
): { state: 'public' | 'private' | 'unknown'; evidence: Record<string, unknown>; outcome?: Outcome<unknown> } => {
  const block =
    calls.publicAccessBlock.status === 'ok' ? calls.publicAccessBlock.value.PublicAccessBlockConfiguration : undefined;
  const policyPublic =
    calls.policyStatus.status === 'ok'
      ? calls.policyStatus.value.PolicyStatus?.IsPublic
      : calls.policyStatus.status === 'absent'
        ? false
        : undefined;
  const publicGrants =
    calls.acl.status === 'ok'
      ? (calls.acl.value.Grants ?? [])
          .filter((g) => PUBLIC_GRANTEES.includes(g.Grantee?.URI ?? ''))
          .map((g) => ({
            grantee: g.Grantee?.URI,
            permission: g.Permission,
          }))
      : undefined;
  const evidence = {
    policyIsPublic: policyPublic ?? null,
    publicAclGrants: publicGrants ?? null,
    publicAccessBlock: block ?? null,
  };
  const policyExposed = policyPublic === true && block?.RestrictPublicBuckets !== true;
  const aclExposed = publicGrants !== undefined && publicGrants.length > 0 && block?.IgnorePublicAcls !== true;
  if (policyExposed || aclExposed) return { state: 'public', evidence };
  const allBlocked = block !== undefined && BLOCK_SETTINGS.every((s) => block[s] === true);
  if (allBlocked) return { state: 'private', evidence };
  if (policyPublic === false && publicGrants !== undefined) return { state: 'private', evidence };
  const unread =
    policyPublic === undefined
      ? calls.policyStatus.status === 'ok'
        ? ({
            status: 'error',
            code: 'IsPublicMissing',
            message: 'GetBucketPolicyStatus returned no PolicyStatus.IsPublic',
          } as const)
        : calls.policyStatus
      : calls.acl;
  return { state: 'unknown', evidence, outcome: unread };
};

const kmsTrailsOf = (trails: readonly TrailFacts[]): TrailFacts[] =>
  trails.filter((t) => Boolean(t.description.KmsKeyId));

/**
 * The checks on one trail bucket: exists, not public, Block Public Access, versioning or Object
 * Lock, MFA delete, server access logging, Bucket Key with SSE-KMS, a lifecycle rule.
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
  const where = { trail: trails[0]?.arn ?? null, resource: `s3://${bucket}` };
  const trailArns = trails.map((t) => t.arn);
  const get = <K extends keyof BucketCalls>(key: K, call: string): BucketCalls[K] =>
    (calls?.[key] ?? notRead(call)) as BucketCalls[K];
  const all: BucketCalls = {
    policyStatus: get('policyStatus', 's3:GetBucketPolicyStatus'),
    publicAccessBlock: get('publicAccessBlock', 's3:GetBucketPublicAccessBlock'),
    encryption: get('encryption', 's3:GetEncryptionConfiguration'),
    versioning: get('versioning', 's3:GetBucketVersioning'),
    logging: get('logging', 's3:GetBucketLogging'),
    objectLock: get('objectLock', 's3:GetBucketObjectLockConfiguration'),
    lifecycle: get('lifecycle', 's3:GetLifecycleConfiguration'),
    acl: get('acl', 's3:GetBucketAcl'),
  };
  const missing = Object.values(all).find((o) => o.status === 'absent' && o.code === 'NoSuchBucket');
  if (missing) {
    return [
      fail('bucket-missing', {
        ...where,
        title: `Trail bucket s3://${bucket} does not exist`,
        evidence: { bucket, trails: trailArns, code: missing.status === 'absent' ? missing.code : null },
        remediation: `aws s3api create-bucket --bucket ${bucket} --region ${trails[0]?.homeRegion ?? '<region>'}   # then the CloudTrail bucket policy; or: osls deploy --param createTrail=true`,
      }),
    ];
  }

  const findings: TrailFinding[] = [];
  const unknown = (id: CheckId, call: string, outcome: Outcome<unknown>) =>
    findings.push(notEvaluated(id, where, call, outcome));

  const exposure = publicState(all);
  if (exposure.state === 'public') {
    findings.push(
      fail('bucket-public', {
        ...where,
        title: `Trail bucket s3://${bucket} is publicly accessible`,
        evidence: { ...exposure.evidence, trails: trailArns },
        remediation: `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      })
    );
  } else if (exposure.state === 'unknown' && exposure.outcome) {
    unknown('bucket-public', 's3:GetBucketPolicyStatus/GetBucketAcl', exposure.outcome);
  }

  const block = all.publicAccessBlock;
  if (block.status === 'ok' || block.status === 'absent') {
    const config = block.status === 'ok' ? block.value.PublicAccessBlockConfiguration : undefined;
    const off = BLOCK_SETTINGS.filter((s) => config?.[s] !== true);
    if (off.length > 0) {
      findings.push(
        fail('bucket-public-access-block-off', {
          ...where,
          evidence: {
            publicAccessBlock: config ?? null,
            settingsOff: off,
            ...(block.status === 'absent' && { code: block.code }),
            note: 'an account-level Block Public Access setting may still apply',
          },
          remediation: `aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
        })
      );
    }
  } else {
    unknown('bucket-public-access-block-off', 's3:GetBucketPublicAccessBlock', block);
  }

  const versioning = all.versioning;
  const lock = all.objectLock;
  const lockEnabled = lock.status === 'ok' && lock.value.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
  const versioned = versioning.status === 'ok' && versioning.value.Status === 'Enabled';
  if (!versioned && !lockEnabled) {
    if (versioning.status !== 'ok') unknown('bucket-versioning-off', 's3:GetBucketVersioning', versioning);
    else if (lock.status !== 'ok' && lock.status !== 'absent')
      unknown('bucket-versioning-off', 's3:GetBucketObjectLockConfiguration', lock);
    else {
      findings.push(
        fail('bucket-versioning-off', {
          ...where,
          evidence: {
            versioning: versioning.value.Status ?? 'Never enabled',
            objectLock: lock.status === 'ok' ? lock.value : null,
          },
          remediation: `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
        })
      );
    }
  }
  if (versioning.status === 'ok') {
    if (versioning.value.MFADelete !== 'Enabled') {
      findings.push(
        fail('bucket-mfa-delete-off', {
          ...where,
          evidence: { MFADelete: versioning.value.MFADelete ?? 'Disabled', objectLockEnabled: lockEnabled },
          remediation: `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"   # root user only; Object Lock is the alternative`,
        })
      );
    }
  } else {
    unknown('bucket-mfa-delete-off', 's3:GetBucketVersioning', versioning);
  }

  const logging = all.logging;
  if (logging.status === 'ok') {
    if (!logging.value.LoggingEnabled?.TargetBucket) {
      findings.push(
        fail('bucket-access-logging-off', {
          ...where,
          evidence: { LoggingEnabled: null },
          remediation: `aws s3api put-bucket-logging --bucket ${bucket} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<access-log-bucket>","TargetPrefix":"${bucket}/"}}'`,
        })
      );
    }
  } else {
    unknown('bucket-access-logging-off', 's3:GetBucketLogging', logging);
  }

  const kmsTrails = kmsTrailsOf(trails);
  if (kmsTrails.length > 0) {
    const encryption = all.encryption;
    if (encryption.status === 'ok' || encryption.status === 'absent') {
      const rules = encryption.status === 'ok' ? (encryption.value.ServerSideEncryptionConfiguration?.Rules ?? []) : [];
      if (!rules.some((r) => r.BucketKeyEnabled === true)) {
        const files = usage
          ? kmsTrails.reduce((sum, t) => sum + (usage.byTrail[t.arn]?.files ?? 0), 0) * usage.monthScale
          : null;
        // One GenerateDataKey when CloudTrail writes a file and one Decrypt when trailwatch reads it.
        const requests = files === null ? null : files * 2;
        findings.push(
          fail('bucket-key-off', {
            ...where,
            evidence: {
              defaultEncryption: rules,
              kmsTrails: kmsTrails.map((t) => ({ arn: t.arn, kmsKeyId: t.description.KmsKeyId })),
              monthlyLogFiles: files === null ? null : Math.round(files),
              monthlyKmsRequests: requests === null ? null : Math.round(requests),
            },
            remediation: `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${kmsTrails[0]?.description.KmsKeyId}"},"BucketKeyEnabled":true}]}'`,
            monthlyCostUsd: requests === null ? null : toCents(requests * PRICES.kmsPerRequest),
          })
        );
      }
    } else {
      unknown('bucket-key-off', 's3:GetEncryptionConfiguration', encryption);
    }
  }

  const lifecycle = all.lifecycle;
  if (lifecycle.status === 'ok' || lifecycle.status === 'absent') {
    const rules = lifecycle.status === 'ok' ? (lifecycle.value.Rules ?? []) : [];
    if (!rules.some((r) => r.Status === 'Enabled')) {
      findings.push(
        fail('bucket-lifecycle-missing', {
          ...where,
          evidence: { rules: rules.map((r) => ({ id: r.ID, status: r.Status })) },
          remediation: `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket} --lifecycle-configuration '{"Rules":[{"ID":"trail-retention","Status":"Enabled","Filter":{"Prefix":""},"Transitions":[{"Days":90,"StorageClass":"GLACIER_IR"}],"Expiration":{"Days":2555},"NoncurrentVersionExpiration":{"NoncurrentDays":30}}]}'`,
        })
      );
    }
  } else {
    unknown('bucket-lifecycle-missing', 's3:GetLifecycleConfiguration', lifecycle);
  }
  return findings;
};
