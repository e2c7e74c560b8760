import { madeByAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM groups and their permissions enumerated: One principal read the members or policies of 5 or more different IAM groups within 10 minutes (allowed or not): mapping who can do what through groups. AWS services are left out. */
export const rule: RuleDefinition = {
  id: 'iam-groups-enumerated',
  title: 'IAM groups and their permissions enumerated',
  description:
    'One principal read the members or policies of 5 or more different IAM groups within 10 minutes (allowed or not): mapping who can do what through groups. AWS services are left out.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1069.003'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedGroupPolicies.html',
    'https://attack.mitre.org/techniques/T1069/003/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['GetGroup', 'ListGroupPolicies', 'ListAttachedGroupPolicies', 'GetGroupPolicy'],
  match: (r) => !madeByAwsService(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 5, window: '10m', distinct: 'requestParameters.groupName' },
};
