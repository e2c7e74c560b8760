import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM instance profile attached to or replaced on a running instance: A person or pipeline attached an instance profile to an instance or swapped its profile: code on the instance now runs with the new role (privilege escalation through iam:PassRole). */
export const rule: RuleDefinition = {
  id: 'ec2-instance-profile-replaced',
  title: 'IAM instance profile attached to or replaced on a running instance',
  description:
    'A person or pipeline attached an instance profile to an instance or swapped its profile: code on the instance now runs with the new role (privilege escalation through iam:PassRole).',
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003', 'attack.t1548.005'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceIamInstanceProfileAssociation.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
