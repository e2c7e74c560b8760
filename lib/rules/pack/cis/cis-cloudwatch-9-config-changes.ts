import type { RuleDefinition } from '../../types.js';

/** AWS Config configuration changed: The Config recorder or delivery channel was stopped, deleted or changed. CIS AWS Foundations v1.2.0 3.9, v1.4.0 4.9. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-9-config-changes',
  title: 'AWS Config configuration changed',
  description:
    'The Config recorder or delivery channel was stopped, deleted or changed. CIS AWS Foundations v1.2.0 3.9, v1.4.0 4.9.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9'],
  pattern:
    '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
};
