import type { RuleDefinition } from '../../types.js';

/** Console sign-in without MFA: An IAM user signed in to the console without MFA. CIS AWS Foundations v1.2.0 3.2. */
export const rule: RuleDefinition = {
  id: 'cis-cloudwatch-3-console-signin-without-mfa',
  title: 'Console sign-in without MFA',
  description: 'An IAM user signed in to the console without MFA. CIS AWS Foundations v1.2.0 3.2.',
  severity: 'medium',
  tags: ['attack.initial-access', 'attack.t1078.004'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3'],
  pattern:
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
};
