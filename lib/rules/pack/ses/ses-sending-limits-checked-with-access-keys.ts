import { ATTACK_TOOL_AGENT, SCRIPT_AGENT, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES sending limits checked with access keys: SES sending status or quota was read with an IAM user's long-term key or by a script or offensive tool: what phishing and spam crews check first with stolen keys, to see how much mail they can send. */
export const rule: RuleDefinition = {
  id: 'ses-sending-limits-checked-with-access-keys',
  title: 'SES sending limits checked with access keys',
  description:
    "SES sending status or quota was read with an IAM user's long-term key or by a script or offensive tool: what phishing and spam crews check first with stolen keys, to see how much mail they can send.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1526'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_GetSendQuota.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_GetAccountSendingEnabled.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ses-enumerate/',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: ['GetSendQuota', 'GetAccountSendingEnabled', 'GetAccount'],
  match: (r) =>
    succeeded(r) &&
    ((r.userIdentity?.type === 'IAMUser' && (r.userIdentity.accessKeyId ?? '').startsWith('AKIA')) ||
      SCRIPT_AGENT.test(r.userAgent ?? '') ||
      ATTACK_TOOL_AGENT.test(r.userAgent ?? '')),
};
