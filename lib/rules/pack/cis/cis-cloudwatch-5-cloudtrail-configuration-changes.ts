import type { RuleDefinition } from '../../types.js';

/** CloudTrail configuration changed: A trail was created, updated, deleted, started or stopped. CIS AWS Foundations v1.2.0 3.5, v1.4.0 4.5. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-5-cloudtrail-configuration-changes',
  title: 'CloudTrail configuration changed',
  description: 'A trail was created, updated, deleted, started or stopped. CIS AWS Foundations v1.2.0 3.5, v1.4.0 4.5.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5'],
  pattern:
    '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
};
