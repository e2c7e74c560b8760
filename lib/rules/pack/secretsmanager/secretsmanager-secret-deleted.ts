import { params, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret deleted: A secret was scheduled for deletion (high when forced without a recovery window): the applications that read it fail, and a forced deletion cannot be undone. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-secret-deleted',
  title: 'Secret deleted',
  description:
    'A secret was scheduled for deletion (high when forced without a recovery window): the applications that read it fail, and a forced deletion cannot be undone.',
  severity: 'medium',
  severityFor: (r) => (params(r).forceDeleteWithoutRecovery === true ? 'high' : 'medium'),
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html'],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['DeleteSecret'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
