import type { RuleDefinition } from '../../types.js';

/** Security group changed: A security group was created, deleted or had rules added or removed. CIS AWS Foundations v1.2.0 3.10, v1.4.0 4.10. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-10-security-group-changes',
  title: 'Security group changed',
  description:
    'A security group was created, deleted or had rules added or removed. CIS AWS Foundations v1.2.0 3.10, v1.4.0 4.10.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10'],
  pattern:
    '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
};
