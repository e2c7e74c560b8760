import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AMI deregistered by hand: An AMI was deregistered outside an AWS service: recovery, deployments and Auto Scaling groups that launch from it start failing. */
export const rule: RuleDefinition = {
  id: 'ec2-ami-deregistered',
  title: 'AMI deregistered by hand',
  description:
    'An AMI was deregistered outside an AWS service: recovery, deployments and Auto Scaling groups that launch from it start failing.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeregisterImage.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.ec2-deregister-ami/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DeregisterImage'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
