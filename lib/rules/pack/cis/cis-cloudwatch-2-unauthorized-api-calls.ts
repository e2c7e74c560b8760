import type { RuleDefinition } from '../../types.js';

/** Unauthorized API calls: An API call was denied (AccessDenied* or *UnauthorizedOperation). CIS AWS Foundations v1.2.0 3.1. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-2-unauthorized-api-calls',
  title: 'Unauthorized API calls',
  description: 'An API call was denied (AccessDenied* or *UnauthorizedOperation). CIS AWS Foundations v1.2.0 3.1.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1526'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2'],
  pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
};
