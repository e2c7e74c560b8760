import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CloudTrail event selectors narrowed: Event selectors now drop management events, read or write events, or whole event sources (e.g. KMS). */
export const rule: RuleDefinition = {
  id: 'cloudtrail-event-selectors-narrowed',
  title: 'CloudTrail event selectors narrowed',
  description: 'Event selectors now drop management events, read or write events, or whole event sources (e.g. KMS).',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html'],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['PutEventSelectors'],
  match: (r) =>
    succeeded(r) &&
    asList(params(r).eventSelectors).some(
      (s) =>
        s?.includeManagementEvents === false ||
        (s?.readWriteType !== undefined && s.readWriteType !== 'All') ||
        (Array.isArray(s?.excludeManagementEventSources) && s.excludeManagementEventSources.length > 0)
    ),
};
