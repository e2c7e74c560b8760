import { accountInArn, succeeded, VPCE_DATA_CALLS } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC endpoint used with credentials of another account: A call went through one of the account's VPC endpoints signed by a principal of another account (network activity event): someone inside the network is using outside credentials, the usual way to move data to an attacker's account. */
export const rule: RuleDefinition = {
  id: 'vpc-endpoint-used-by-other-account-principal',
  title: 'VPC endpoint used with credentials of another account',
  description:
    "A call went through one of the account's VPC endpoints signed by a principal of another account (network activity event): someone inside the network is using outside credentials, the usual way to move data to an attacker's account.",
  severity: 'medium',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
  ],
  ...VPCE_DATA_CALLS,
  match: (r) => {
    if (r.eventType !== 'AwsVpceEvent' && r.eventType !== 'AwsVpceEvents') return false;
    const owner = accountInArn(r.vpcEndpointAccountId);
    const caller = accountInArn(r.userIdentity?.accountId);
    return succeeded(r) && owner !== undefined && caller !== undefined && caller !== owner;
  },
};
