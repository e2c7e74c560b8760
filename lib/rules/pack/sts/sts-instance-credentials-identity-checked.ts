import { instanceCredentials } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 instance credentials asked who they are: GetCallerIdentity was called with the role credentials of an EC2 instance. Software on an instance rarely needs it; a credential checker run on stolen instance credentials, from the instance or elsewhere, calls it first. */
export const rule: RuleDefinition = {
  id: 'sts-instance-credentials-identity-checked',
  title: 'EC2 instance credentials asked who they are',
  description:
    'GetCallerIdentity was called with the role credentials of an EC2 instance. Software on an instance rarely needs it; a credential checker run on stolen instance credentials, from the instance or elsewhere, calls it first.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1087.004'],
  references: [
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#unauthorizedaccess-iam-instancecredentialexfiltrationoutsideaws',
  ],
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetCallerIdentity'],
  match: (r) => instanceCredentials(r),
};
