import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Instance root volume replaced: An instance's root volume was restored to a snapshot, an AMI or its launch state: changes made on the instance since, and their traces, are gone. */
export const rule: RuleDefinition = {
  id: 'ec2-root-volume-replaced',
  title: 'Instance root volume replaced',
  description:
    "An instance's root volume was restored to a snapshot, an AMI or its launch state: changes made on the instance since, and their traces, are gone.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1578.004'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateReplaceRootVolumeTask.html',
    'https://attack.mitre.org/techniques/T1578/004/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateReplaceRootVolumeTask'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
