import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS automatic key rotation disabled: Automatic rotation of a customer managed key was turned off by a person or pipeline. */
export const rule: RuleDefinition = {
  id: 'kms-key-rotation-disabled',
  title: 'KMS automatic key rotation disabled',
  description: 'Automatic rotation of a customer managed key was turned off by a person or pipeline.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DisableKeyRotation'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
