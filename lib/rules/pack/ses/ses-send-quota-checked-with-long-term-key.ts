import { fromConsole, usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES send quota checked with a long-term access key: An IAM user's or root's access key read the SES sending quota or account details outside the console: mass-mailing tools check how much a stolen key can send. */
export const rule: RuleDefinition = {
  id: 'ses-send-quota-checked-with-long-term-key',
  title: 'SES send quota checked with a long-term access key',
  description:
    "An IAM user's or root's access key read the SES sending quota or account details outside the console: mass-mailing tools check how much a stolen key can send.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1526'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: ['GetSendQuota', 'GetSendStatistics', 'GetAccount'],
  match: (r) => usesLongTermKey(r) && !fromConsole(r),
};
