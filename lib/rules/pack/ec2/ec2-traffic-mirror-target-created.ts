import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC traffic mirror target created: A traffic mirror target (an interface, a Network Load Balancer or a Gateway Load Balancer endpoint) was created to receive mirrored packets. */
export const rule: RuleDefinition = {
  id: 'ec2-traffic-mirror-target-created',
  title: 'VPC traffic mirror target created',
  description:
    'A traffic mirror target (an interface, a Network Load Balancer or a Gateway Load Balancer endpoint) was created to receive mirrored packets.',
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1020.001'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTrafficMirrorTarget.html',
    'https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-targets.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateTrafficMirrorTarget'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
