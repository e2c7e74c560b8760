import type { RuleDefinition } from '../../types.js';

/** Member account closure requested: CloseAccount was called for a member account, successfully or not: a closed account and everything in it are deleted after 90 days, and the attempt itself is the signal. */
export const rule: RuleDefinition = {
  id: 'organizations-account-close-attempted',
  title: 'Member account closure requested',
  description:
    'CloseAccount was called for a member account, successfully or not: a closed account and everything in it are deleted after 90 days, and the attempt itself is the signal.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_close.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['CloseAccount'],
};
