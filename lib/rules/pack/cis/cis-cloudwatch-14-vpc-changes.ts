import type { RuleDefinition } from '../../types.js';

/** VPC changed: A VPC, its attributes, peering or ClassicLink was changed. CIS AWS Foundations v1.2.0 3.14, v1.4.0 4.14. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-14-vpc-changes',
  title: 'VPC changed',
  description:
    'A VPC, its attributes, peering or ClassicLink was changed. CIS AWS Foundations v1.2.0 3.14, v1.4.0 4.14.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14'],
  pattern:
    '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
};
