import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM Access Analyzer deleted: An IAM Access Analyzer analyzer was deleted: external and unused access is no longer reported. */
export const rule: RuleDefinition = {
  id: 'access-analyzer-deleted',
  title: 'IAM Access Analyzer deleted',
  description: 'An IAM Access Analyzer analyzer was deleted: external and unused access is no longer reported.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_DeleteAnalyzer.html'],
  eventSource: 'access-analyzer.amazonaws.com',
  eventNames: ['DeleteAnalyzer'],
  match: (r) => succeeded(r),
};
