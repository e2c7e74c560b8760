import { isForeignAccount, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Role assumed by a principal of another account: A principal of another account assumed one of the account's roles: a trust relationship in use, the path in for anyone who holds that account (a vendor, a sister account). AWS services are left out. */
export const rule: RuleDefinition = {
  id: 'sts-role-assumed-by-other-account',
  title: 'Role assumed by a principal of another account',
  description:
    "A principal of another account assumed one of the account's roles: a trust relationship in use, the path in for anyone who holds that account (a vendor, a sister account). AWS services are left out.",
  severity: 'low',
  tags: ['attack.initial-access', 'attack.t1199'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_examples-sts-api',
    'https://attack.mitre.org/techniques/T1199/',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['AssumeRole'],
  match: (r) => succeeded(r) && !viaAwsService(r) && isForeignAccount(r, r.userIdentity?.accountId),
  dedup: ['recipientAccountId', 'userIdentity.accountId', 'requestParameters.roleArn'],
};
