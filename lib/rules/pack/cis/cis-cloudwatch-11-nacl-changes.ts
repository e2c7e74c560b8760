import type { RuleDefinition } from '../../types.js';

/** Network ACL changed: A network ACL or one of its entries or associations was changed. CIS AWS Foundations v1.2.0 3.11, v1.4.0 4.11. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-11-nacl-changes',
  title: 'Network ACL changed',
  description:
    'A network ACL or one of its entries or associations was changed. CIS AWS Foundations v1.2.0 3.11, v1.4.0 4.11.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11'],
  pattern:
    '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
};
