import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Session Manager preferences changed or reset: The SSM-SessionManagerRunShell document, which holds the account's Session Manager preferences (session logging to S3 and CloudWatch Logs, encryption, run-as user), was updated or deleted. */
export const rule: RuleDefinition = {
  id: 'ssm-session-preferences-changed',
  title: 'Session Manager preferences changed or reset',
  description:
    "The SSM-SessionManagerRunShell document, which holds the account's Session Manager preferences (session logging to S3 and CloudWatch Logs, encryption, run-as user), was updated or deleted.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateDocument.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-configure-preferences-cli.html',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['UpdateDocument', 'DeleteDocument'],
  match: (r) => succeeded(r) && !madeByAwsService(r) && params(r).name === 'SSM-SessionManagerRunShell',
};
