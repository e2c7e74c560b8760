import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC flow logs deleted: VPC flow logs were deleted: network traffic records stop. */
export const rule: RuleDefinition = {
  id: 'vpc-flow-logs-deleted',
  title: 'VPC flow logs deleted',
  description: 'VPC flow logs were deleted: network traffic records stop.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteFlowLogs.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DeleteFlowLogs'],
  match: (r) => succeeded(r),
};
