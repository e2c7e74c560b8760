import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Names AWS gives the roles it creates and manages, which a person should never need to create. */
const AWS_MANAGED_NAME = /^(AWSServiceRoleFor|AWSReservedSSO_|AWS-QuickSetup-|AWSControlTower|aws-controltower-)/i;

/** IAM user or role named like one AWS manages: A person created a user or role whose name imitates those AWS creates (`AWSServiceRoleFor…`, `AWSReservedSSO_…`, Control Tower's): a backdoor hidden among service principals reviewers skip. */
export const rule: RuleDefinition = {
  id: 'iam-principal-named-like-aws-managed',
  title: 'IAM user or role named like one AWS manages',
  description:
    "A person created a user or role whose name imitates those AWS creates (`AWSServiceRoleFor…`, `AWSReservedSSO_…`, Control Tower's): a backdoor hidden among service principals reviewers skip.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1036.010', 'attack.persistence', 'attack.t1136.003'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html',
    'https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html',
    'https://attack.mitre.org/techniques/T1036/010/',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateUser', 'CreateRole'],
  match: (r) => {
    if (!succeeded(r) || madeByAwsService(r)) return false;
    const p = params(r);
    const name = String(p.userName ?? p.roleName ?? '');
    // Identity Center and service-linked roles live under AWS's own paths.
    const path = String(p.path ?? '/');
    return AWS_MANAGED_NAME.test(name) && !path.startsWith('/aws-reserved/') && !path.startsWith('/aws-service-role/');
  },
};
