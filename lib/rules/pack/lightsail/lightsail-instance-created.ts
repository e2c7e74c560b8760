import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Lightsail instance created: A Lightsail virtual server was created, from scratch or from a snapshot: compute outside EC2, its security groups, flow logs and most EC2 monitoring. */
export const rule: RuleDefinition = {
  id: 'lightsail-instance-created',
  title: 'Lightsail instance created',
  description:
    'A Lightsail virtual server was created, from scratch or from a snapshot: compute outside EC2, its security groups, flow logs and most EC2 monitoring.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1578.002'],
  references: [
    'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateInstances.html',
    'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateInstancesFromSnapshot.html',
    'https://attack.mitre.org/techniques/T1578/002/',
  ],
  eventSource: 'lightsail.amazonaws.com',
  eventNames: ['CreateInstances', 'CreateInstancesFromSnapshot'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
