import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** DynamoDB table deleted: A DynamoDB table was deleted. */
export const rule: RuleDefinition = {
  id: 'dynamodb-table-deleted',
  title: 'DynamoDB table deleted',
  description: 'A DynamoDB table was deleted.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1485'],
  references: ['https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html'],
  eventSource: 'dynamodb.amazonaws.com',
  eventNames: ['DeleteTable'],
  match: (r) => succeeded(r),
};
