import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC traffic mirror filter or rule created: A traffic mirror filter or filter rule was created, which decides what mirrored traffic is copied. */
export const rule: RuleDefinition = {
  id: 'ec2-traffic-mirror-filter-created',
  title: 'VPC traffic mirror filter or rule created',
  description: 'A traffic mirror filter or filter rule was created, which decides what mirrored traffic is copied.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1040'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTrafficMirrorFilter.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTrafficMirrorFilterRule.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
