import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Opt-in region enabled: An opt-in region was enabled: attackers use unmonitored regions to run resources out of sight. */
export const rule: RuleDefinition = {
  id: 'account-region-enabled',
  title: 'Opt-in region enabled',
  description: 'An opt-in region was enabled: attackers use unmonitored regions to run resources out of sight.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1535'],
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/API_EnableRegion.html',
    'https://attack.mitre.org/techniques/T1535/',
  ],
  eventSource: 'account.amazonaws.com',
  eventNames: ['EnableRegion'],
  match: (r) => succeeded(r),
};
