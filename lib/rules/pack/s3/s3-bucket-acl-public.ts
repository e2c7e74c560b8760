import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 bucket ACL grants public access: A bucket ACL grants AllUsers or AuthenticatedUsers, or a canned public ACL was set. */
export const rule: RuleDefinition = {
  id: 's3-bucket-acl-public',
  title: 'S3 bucket ACL grants public access',
  description: 'A bucket ACL grants AllUsers or AuthenticatedUsers, or a canned public ACL was set.',
  severity: 'high',
  tags: ['attack.collection', 'attack.t1530'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html'],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutBucketAcl'],
  match: (r) =>
    succeeded(r) &&
    (asList(params(r)['x-amz-acl']).some((acl) =>
      /^(public-read|public-read-write|authenticated-read)$/.test(String(acl))
    ) ||
      asList(
        (params(r).AccessControlPolicy as { AccessControlList?: { Grant?: unknown } } | undefined)?.AccessControlList
          ?.Grant
      ).some((grant) => /\/global\/(AllUsers|AuthenticatedUsers)$/.test(String(grant?.Grantee?.URI ?? '')))),
};
