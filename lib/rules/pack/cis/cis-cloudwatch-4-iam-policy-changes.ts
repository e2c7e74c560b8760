import type { RuleDefinition } from '../../types.js';

/** IAM policy changed: An IAM policy was created, changed, attached or detached. CIS AWS Foundations v1.2.0 3.4, v1.4.0 4.4. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-4-iam-policy-changes',
  title: 'IAM policy changed',
  description: 'An IAM policy was created, changed, attached or detached. CIS AWS Foundations v1.2.0 3.4, v1.4.0 4.4.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1098'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4'],
  pattern:
    '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
};
