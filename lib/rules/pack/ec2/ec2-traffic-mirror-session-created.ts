import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC traffic mirror session created: A traffic mirror session now copies an interface's packets to a mirror target: full packet capture of the instance's traffic, credentials included where unencrypted. */
export const rule: RuleDefinition = {
  id: 'ec2-traffic-mirror-session-created',
  title: 'VPC traffic mirror session created',
  description:
    "A traffic mirror session now copies an interface's packets to a mirror target: full packet capture of the instance's traffic, credentials included where unencrypted.",
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1040', 'attack.exfiltration', 'attack.t1020.001'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTrafficMirrorSession.html',
    'https://docs.aws.amazon.com/vpc/latest/mirroring/what-is-traffic-mirroring.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateTrafficMirrorSession'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
