import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/**
 * Whether an advanced event selector keeps only some management events: it selects
 * `eventCategory` = `Management` and also filters on `readOnly` (reads or writes only) or
 * excludes event sources (`eventSource` notEquals, e.g. `kms.amazonaws.com`). Field names after
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html.
 */
// biome-ignore lint/suspicious/noExplicitAny: record content is untyped user data
const narrowsManagementEvents = (selector: any): boolean => {
  const fields = asList(selector?.fieldSelectors);
  const management = fields.some((f) => f?.field === 'eventCategory' && asList(f?.equals).includes('Management'));
  return (
    management &&
    fields.some(
      (f) =>
        f?.field === 'readOnly' || (f?.field === 'eventSource' && asList(f?.notEquals ?? f?.notStartsWith).length > 0)
    )
  );
};

/** CloudTrail event selectors narrowed: Event selectors now drop management events, read or write events, or whole event sources (e.g. KMS). */
export const rule: RuleDefinition = {
  id: 'cloudtrail-event-selectors-narrowed',
  title: 'CloudTrail event selectors narrowed',
  description:
    'Basic or advanced event selectors now drop management events, read or write events, or whole event sources (e.g. KMS).',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html'],
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['PutEventSelectors'],
  match: (r) =>
    succeeded(r) &&
    (asList(params(r).eventSelectors).some(
      (s) =>
        s?.includeManagementEvents === false ||
        (s?.readWriteType !== undefined && s.readWriteType !== 'All') ||
        (Array.isArray(s?.excludeManagementEventSources) && s.excludeManagementEventSources.length > 0)
    ) ||
      asList(params(r).advancedEventSelectors).some(narrowsManagementEvents)),
};
