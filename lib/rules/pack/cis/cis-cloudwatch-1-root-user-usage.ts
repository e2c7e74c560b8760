import type { RuleDefinition } from '../../types.js';

/** Root user activity: The root user made a request itself (not a service acting for it). CIS AWS Foundations v1.2.0 1.1/3.3, v1.4.0 1.7/4.3. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-1-root-user-usage',
  title: 'Root user activity',
  description:
    'The root user made a request itself (not a service acting for it). CIS AWS Foundations v1.2.0 1.1/3.3, v1.4.0 1.7/4.3.',
  severity: 'high',
  tags: ['attack.privilege-escalation', 'attack.t1078.004'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1'],
  pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
};
