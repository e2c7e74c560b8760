import type { RuleDefinition } from '../../types.js';

/** Network gateway changed: An internet or customer gateway was created, deleted, attached or detached. CIS AWS Foundations v1.2.0 3.12, v1.4.0 4.12. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-12-network-gateway-changes',
  title: 'Network gateway changed',
  description:
    'An internet or customer gateway was created, deleted, attached or detached. CIS AWS Foundations v1.2.0 3.12, v1.4.0 4.12.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12'],
  pattern:
    '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
};
