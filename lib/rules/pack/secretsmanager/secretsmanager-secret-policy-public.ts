import { grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Secret resource policy grants everyone: A secret's resource policy allows Principal "*" without a Condition. */
export const rule: RuleDefinition = {
  id: 'secretsmanager-secret-policy-public',
  title: 'Secret resource policy grants everyone',
  description: 'A secret\'s resource policy allows Principal "*" without a Condition.',
  severity: 'critical',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: ['https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html'],
  eventSource: 'secretsmanager.amazonaws.com',
  eventNames: ['PutResourcePolicy'],
  match: (r) => succeeded(r) && policyStatements(params(r).resourcePolicy).some(grantsPublicly),
};
