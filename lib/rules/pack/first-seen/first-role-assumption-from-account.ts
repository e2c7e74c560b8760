import { accountInArn, IDENTITY_ACCOUNT, member, succeeded } from '../helpers.js';
import type { CloudTrailRecord } from '../../../model/record.js';
import type { RuleDefinition } from '../../types.js';

const ROLE_ARN = ['requestParameters', 'roleArn'];

/** `requestParameters.roleArn`'s account, read without decoding the rest of the request. */
const roleAccount = (r: CloudTrailRecord): string | undefined => accountInArn(member(r, ROLE_ARN));

/** First role assumption from an unseen account: a principal of another account assumed a role here, from an account that had never assumed a role in this one. */
export const rule: RuleDefinition = {
  id: 'first-role-assumption-from-account',
  title: 'First role assumption from an unseen account',
  description:
    "A principal of another account assumed a role in this account, and no principal of the caller's account had assumed a role here before (after the learning period).",
  severity: 'medium',
  tags: ['attack.initial-access', 'attack.privilege-escalation', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_examples-sts-api',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['AssumeRole'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const caller = member(r, IDENTITY_ACCOUNT);
    const target = roleAccount(r);
    return caller !== undefined && target !== undefined && caller !== target;
  },
  firstSeen: { entity: roleAccount, key: (r) => member(r, IDENTITY_ACCOUNT) as string | undefined, newEntity: 'alert' },
};
