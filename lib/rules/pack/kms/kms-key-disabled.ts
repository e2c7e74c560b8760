import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** KMS key disabled: A customer managed key was disabled by a person or pipeline: everything encrypted under it is unreadable until the key is enabled again. */
export const rule: RuleDefinition = {
  id: 'kms-key-disabled',
  title: 'KMS key disabled',
  description:
    'A customer managed key was disabled by a person or pipeline: everything encrypted under it is unreadable until the key is enabled again.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1489', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html',
  ],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DisableKey'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
