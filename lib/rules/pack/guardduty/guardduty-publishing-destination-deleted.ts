import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GuardDuty findings export deleted: A GuardDuty publishing destination was deleted: findings stop being exported to the S3 bucket that keeps them past the 90-day retention. */
export const rule: RuleDefinition = {
  id: 'guardduty-publishing-destination-deleted',
  title: 'GuardDuty findings export deleted',
  description:
    'A GuardDuty publishing destination was deleted: findings stop being exported to the S3 bucket that keeps them past the 90-day retention.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeletePublishingDestination.html',
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html',
  ],
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['DeletePublishingDestination'],
  match: (r) => succeeded(r),
};
