import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 instance user data modified: An instance's user data was replaced: it runs as root at the next start (persistence, privilege escalation). */
export const rule: RuleDefinition = {
  id: 'ec2-user-data-modified',
  title: 'EC2 instance user data modified',
  description:
    "An instance's user data was replaced: it runs as root at the next start (persistence, privilege escalation).",
  severity: 'high',
  tags: ['attack.execution', 'attack.t1059'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceAttribute.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyInstanceAttribute'],
  match: (r) => succeeded(r) && (params(r).attribute === 'userData' || params(r).userData !== undefined),
};
