import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** AWS Config delivery channel deleted: The Config delivery channel was deleted: snapshots and history stop reaching S3. */
export const rule: RuleDefinition = {
  id: 'config-delivery-channel-deleted',
  title: 'AWS Config delivery channel deleted',
  description: 'The Config delivery channel was deleted: snapshots and history stop reaching S3.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: ['https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html'],
  eventSource: 'config.amazonaws.com',
  eventNames: ['DeleteDeliveryChannel'],
  match: (r) => succeeded(r),
};
