import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Organization policy deleted: A service control, resource control, tag or backup policy was deleted from the organization. */
export const rule: RuleDefinition = {
  id: 'organizations-policy-deleted',
  title: 'Organization policy deleted',
  description: 'A service control, resource control, tag or backup policy was deleted from the organization.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562'],
  references: ['https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeletePolicy.html'],
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['DeletePolicy'],
  match: (r) => succeeded(r),
};
