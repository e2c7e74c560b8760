import { VPCE_DATA_CALLS } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Call refused by a VPC endpoint policy: A data or key call through a VPC endpoint was refused by the endpoint policy (network activity event): often credentials of another account, or a bucket outside the data perimeter, being tried from inside the network. */
export const rule: RuleDefinition = {
  id: 'vpc-endpoint-policy-denied',
  title: 'Call refused by a VPC endpoint policy',
  description:
    'A data or key call through a VPC endpoint was refused by the endpoint policy (network activity event): often credentials of another account, or a bucket outside the data perimeter, being tried from inside the network.',
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1537', 'attack.collection', 'attack.t1530'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html',
    'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
  ],
  ...VPCE_DATA_CALLS,
  // The error as a pattern: the engine skips the rule without a call for every call without an
  // errorCode (nearly all of these busy APIs' calls).
  pattern: '{ $.errorCode = "VpceAccessDenied" }',
  match: (r) =>
    (r.eventType === 'AwsVpceEvent' || r.eventType === 'AwsVpceEvents') && r.errorCode === 'VpceAccessDenied',
};
