import { params, publicAccessBlockWeakened, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** S3 Block Public Access removed for the account: The account-level Block Public Access configuration was deleted or weakened: every bucket may now be made public. CloudTrail records the account-level calls as DeleteAccountPublicAccessBlock and PutAccountPublicAccessBlock. */
export const rule: RuleDefinition = {
  id: 's3-account-block-public-access-removed',
  title: 'S3 Block Public Access removed for the account',
  description:
    'The account-level Block Public Access configuration was deleted or weakened: every bucket may now be made public. CloudTrail records the account-level calls as DeleteAccountPublicAccessBlock and PutAccountPublicAccessBlock.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_DeletePublicAccessBlock.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteAccountPublicAccessBlock', 'PutAccountPublicAccessBlock'],
  match: (r) =>
    succeeded(r) &&
    (r.eventName === 'DeleteAccountPublicAccessBlock' ||
      publicAccessBlockWeakened(params(r).PublicAccessBlockConfiguration)),
};
