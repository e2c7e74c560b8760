import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Mass stop of EC2 instances: One principal stopped 10 or more different instance sets within 10 minutes: the services on them go down together. Calls AWS services make for the caller are left out. */
export const rule: RuleDefinition = {
  id: 'ec2-mass-instance-stop',
  title: 'Mass stop of EC2 instances',
  description:
    'One principal stopped 10 or more different instance sets within 10 minutes: the services on them go down together. Calls AWS services make for the caller are left out.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1489'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StopInstances.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['StopInstances'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 10, window: '10m', distinct: 'requestParameters.instancesSet' },
};
