import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Security Hub member account disassociated: An account left its Security Hub administrator, or the administrator disassociated or deleted members: their findings stop reaching the central account. */
export const rule: RuleDefinition = {
  id: 'securityhub-member-disassociated',
  title: 'Security Hub member account disassociated',
  description:
    'An account left its Security Hub administrator, or the administrator disassociated or deleted members: their findings stop reaching the central account.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisassociateFromAdministratorAccount.html',
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisassociateMembers.html',
    'https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DeleteMembers.html',
  ],
  eventSource: 'securityhub.amazonaws.com',
  eventNames: [
    'DisassociateFromAdministratorAccount',
    'DisassociateFromMasterAccount',
    'DisassociateMembers',
    'DeleteMembers',
  ],
  match: (r) => succeeded(r),
};
