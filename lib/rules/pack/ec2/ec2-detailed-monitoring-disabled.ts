import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 detailed monitoring disabled: Detailed (one-minute) CloudWatch monitoring was turned off for instances by a person or pipeline, coarsening the metrics alarms and anomaly detection see. */
export const rule: RuleDefinition = {
  id: 'ec2-detailed-monitoring-disabled',
  title: 'EC2 detailed monitoring disabled',
  description:
    'Detailed (one-minute) CloudWatch monitoring was turned off for instances by a person or pipeline, coarsening the metrics alarms and anomaly detection see.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UnmonitorInstances.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['UnmonitorInstances'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
