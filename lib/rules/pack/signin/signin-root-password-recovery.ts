import { response } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Root password recovery: Password recovery was requested or completed for the root user: whoever reads the root email address can take the account over, and a reset nobody expected is the sign it happened. */
export const rule: RuleDefinition = {
  id: 'signin-root-password-recovery',
  title: 'Root password recovery',
  description:
    'Password recovery was requested or completed for the root user: whoever reads the root email address can take the account over, and a reset nobody expected is the sign it happened.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098'],
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reset-root-password.html',
  ],
  eventSource: 'signin.amazonaws.com',
  eventNames: ['PasswordRecoveryRequested', 'PasswordRecoveryCompleted'],
  match: (r) => response(r)[r.eventName ?? ''] === 'Success',
};
