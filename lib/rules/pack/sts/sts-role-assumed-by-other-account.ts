import type { RuleDefinition } from '../../types.js';

/** Role assumed by a principal of another account: A principal of another account assumed one of the account's roles: a trust relationship in use, the path in for anyone who holds that account (a vendor, a sister account). AWS services are left out. */
// CloudTrail writes a caller of another account as `userIdentity.type: AWSAccount` (and an AWS
// service as `AWSService`): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html.
// Both are fields the reader extracts, so the rule decodes nothing for the many same-account calls.
export const rule: RuleDefinition = {
  id: 'sts-role-assumed-by-other-account',
  title: 'Role assumed by a principal of another account',
  description:
    "A principal of another account assumed one of the account's roles: a trust relationship in use, the path in for anyone who holds that account (a vendor, a sister account). AWS services are left out.",
  severity: 'low',
  tags: ['attack.initial-access', 'attack.t1199'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_examples-sts-api',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
    'https://attack.mitre.org/techniques/T1199/',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['AssumeRole'],
  pattern: '{ ($.userIdentity.type = "AWSAccount") && ($.errorCode NOT EXISTS) }',
  dedup: ['recipientAccountId', 'userIdentity.accountId', 'requestParameters.roleArn'],
};
