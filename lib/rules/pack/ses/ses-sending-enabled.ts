import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SES sending enabled for the account: Email sending was turned on for the account in a region (v1 UpdateAccountSendingEnabled or v2 PutAccountSendingAttributes), e.g. after AWS paused it for abuse. */
export const rule: RuleDefinition = {
  id: 'ses-sending-enabled',
  title: 'SES sending enabled for the account',
  description:
    'Email sending was turned on for the account in a region (v1 UpdateAccountSendingEnabled or v2 PutAccountSendingAttributes), e.g. after AWS paused it for abuse.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/ses/latest/APIReference/API_UpdateAccountSendingEnabled.html',
    'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountSendingAttributes.html',
  ],
  eventSource: 'ses.amazonaws.com',
  eventNames: ['UpdateAccountSendingEnabled', 'PutAccountSendingAttributes'],
  match: (r) => succeeded(r) && (params(r).enabled === true || params(r).sendingEnabled === true),
};
