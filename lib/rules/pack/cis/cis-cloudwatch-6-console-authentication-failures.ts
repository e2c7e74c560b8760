import type { RuleDefinition } from '../../types.js';

/** Console authentication failure: A console sign-in failed with a wrong password. Sign-ins with an unknown user name carry another error message and do not match. CIS AWS Foundations v1.2.0 3.6, v1.4.0 4.6. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-6-console-authentication-failures',
  title: 'Console authentication failure',
  description:
    'A console sign-in failed with a wrong password. Sign-ins with an unknown user name carry another error message and do not match. CIS AWS Foundations v1.2.0 3.6, v1.4.0 4.6.',
  severity: 'low',
  tags: ['attack.credential-access', 'attack.t1110'],
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
  ],
  pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
};
