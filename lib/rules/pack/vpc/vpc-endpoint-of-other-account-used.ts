import { accountInArn, accountOf, succeeded, VPCE_DATA_CALLS } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Account's data reached through another account's VPC endpoint: A data or key call on this account's resources came through a VPC endpoint owned by another account: the request came from a network this account does not control. */
export const rule: RuleDefinition = {
  id: 'vpc-endpoint-of-other-account-used',
  title: "Account's data reached through another account's VPC endpoint",
  description:
    "A data or key call on this account's resources came through a VPC endpoint owned by another account: the request came from a network this account does not control.",
  severity: 'low',
  tags: ['attack.collection', 'attack.t1530'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce',
  ],
  ...VPCE_DATA_CALLS,
  match: (r) => {
    if (r.eventType === 'AwsVpceEvent' || r.eventType === 'AwsVpceEvents') return false;
    const owner = accountInArn(r.vpcEndpointAccountId);
    return succeeded(r) && owner !== undefined && owner !== accountOf(r);
  },
};
