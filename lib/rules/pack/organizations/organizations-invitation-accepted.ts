import { response, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Invitation to join an organization accepted: The account accepted an invitation to join an organization: if it is not the one you run, its management account now controls this account's policies and can reach it through OrganizationAccountAccessRole-style roles. */
export const rule: RuleDefinition = {
  id: 'organizations-invitation-accepted',
  title: 'Invitation to join an organization accepted',
  description:
    "The account accepted an invitation to join an organization: if it is not the one you run, its management account now controls this account's policies and can reach it through OrganizationAccountAccessRole-style roles.",
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1666'],
  references: [
    'https://docs.aws.amazon.com/organizations/latest/APIReference/API_AcceptHandshake.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_invites.html',
  ],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['AcceptHandshake'],
  match: (r) => succeeded(r) && (response(r).handshake as { action?: unknown } | undefined)?.action === 'INVITE',
};
