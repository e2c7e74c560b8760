import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Imported KMS key material deleted: Imported key material was deleted: the key is unusable until the same material is imported again. */
export const rule: RuleDefinition = {
  id: 'kms-imported-key-material-deleted',
  title: 'Imported KMS key material deleted',
  description: 'Imported key material was deleted: the key is unusable until the same material is imported again.',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html'],
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DeleteImportedKeyMaterial'],
  match: (r) => succeeded(r),
};
