import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty member account disassociated: An account left or was removed from its GuardDuty administrator, or monitoring of members stopped. */
export const rule: RuleDefinition = {
  id: 'guardduty-member-disassociated',
  title: 'GuardDuty member account disassociated',
  description: 'An account left or was removed from its GuardDuty administrator, or monitoring of members stopped.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateFromAdministratorAccount.html',
  ],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: [
    'DisassociateFromAdministratorAccount',
    'DisassociateFromMasterAccount',
    'DisassociateMembers',
    'StopMonitoringMembers',
    'DeleteMembers',
  ],
  match: (r) => succeeded(r),
};
