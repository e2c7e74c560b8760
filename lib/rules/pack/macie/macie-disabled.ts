import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Amazon Macie disabled or paused: Macie was disabled or its session paused: sensitive-data discovery stops. */
export const rule: RuleDefinition = {
  id: 'macie-disabled',
  title: 'Amazon Macie disabled or paused',
  description: 'Macie was disabled or its session paused: sensitive-data discovery stops.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/macie/latest/APIReference/macie.html'],
  eventSource: 'macie2.amazonaws.com',
  eventNames: ['DisableMacie', 'UpdateMacieSession'],
  match: (r) => succeeded(r) && (r.eventName === 'DisableMacie' || params(r).status === 'PAUSED'),
};
