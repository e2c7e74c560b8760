import type { BucketCalls, Outcome } from '../../model/trails.js';
import { BLOCK_SETTINGS } from './helpers.js';

const PUBLIC_GRANTEES = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

/**
 * Whether the bucket is public. Public Access Block settings win over a public policy or ACL:
 * `RestrictPublicBuckets` limits a public policy to AWS services and the account,
 * `IgnorePublicAcls` makes public ACL grants void.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * @param calls - the bucket's call outcomes
 * @returns the state, its evidence, and the unread call's outcome when unknown
 */
export const publicState = (
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
