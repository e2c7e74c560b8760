import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 instance exported to S3: An instance export task was created: the disk image leaves EC2 for an S3 bucket. */
export const rule: RuleDefinition = {
  id: 'ec2-instance-exported',
  title: 'EC2 instance exported to S3',
  description: 'An instance export task was created: the disk image leaves EC2 for an S3 bucket.',
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInstanceExportTask.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateInstanceExportTask'],
  match: (r) => succeeded(r),
};
