import { fromConsole, madeByAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account password policy read by a script: The account password policy was read outside the console and not by an AWS service: enumeration tools read it to shape password guessing. Refused attempts count. */
export const rule: RuleDefinition = {
  id: 'iam-password-policy-read-by-script',
  title: 'Account password policy read by a script',
  description:
    'The account password policy was read outside the console and not by an AWS service: enumeration tools read it to shape password guessing. Refused attempts count.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1201'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html',
    'https://attack.mitre.org/techniques/T1201/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['GetAccountPasswordPolicy'],
  match: (r) => !fromConsole(r) && !madeByAwsService(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
};
