import type { RuleDefinition } from '../../types.js';

/** Route table changed: A route or route table was created, replaced, deleted or disassociated. CIS AWS Foundations v1.2.0 3.13, v1.4.0 4.13. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-13-route-table-changes',
  title: 'Route table changed',
  description:
    'A route or route table was created, replaced, deleted or disassociated. CIS AWS Foundations v1.2.0 3.13, v1.4.0 4.13.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13'],
  pattern:
    '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
};
