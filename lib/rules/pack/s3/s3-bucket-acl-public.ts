import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** The grant headers of PutBucketAcl (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html). */
const GRANT_HEADERS = [
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
];

/** S3 bucket ACL grants public access: A bucket ACL grants AllUsers or AuthenticatedUsers, or a canned public ACL was set. */
export const rule: RuleDefinition = {
  id: 's3-bucket-acl-public',
  title: 'S3 bucket ACL grants public access',
  description:
    'A bucket ACL grants AllUsers or AuthenticatedUsers (in the ACL body or an x-amz-grant-* header), or a canned public ACL was set.',
  severity: 'critical',
  tags: ['attack.collection', 'attack.t1530'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketAcl'],
  match: (r) =>
    succeeded(r) &&
    (asList(params(r)['x-amz-acl']).some((acl) =>
      /^(public-read|public-read-write|authenticated-read)$/.test(String(acl))
    ) ||
      // --grant-read uri=http://acs.amazonaws.com/groups/global/AllUsers and the other x-amz-grant-* headers
      GRANT_HEADERS.some((header) => asList(params(r)[header]).some((grantee) => PUBLIC_GROUP.test(String(grantee)))) ||
      asList(
        (params(r).AccessControlPolicy as { AccessControlList?: { Grant?: unknown } } | undefined)?.AccessControlList
          ?.Grant
      ).some((grant) => PUBLIC_GROUP.test(String(grant?.Grantee?.URI ?? '')))),
};
