import { CONTEXT_FIELD } from '../model/ip-context.js';
import type { RuleContext } from './types.js';

/** At most this many eventIDs are listed on one alert (the earliest ones). */
export const MAX_ALERT_EVENT_IDS = 10;

/** At most this many resource ARNs are listed on one alert. */
export const MAX_ALERT_RESOURCES = 20;

/** Default alert window: matches of one rule and dedup key in the same hour share one alert id. */
export const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** Default window of a threshold when a rule gives a count but no window. */
export const DEFAULT_THRESHOLD_WINDOW_MS = 10 * 60 * 1000;

/**
 * Record fields the reader hands out without a full parse (RecordView.head). A condition that
 * reads only these never makes the engine parse the record.
 */
export const HEAD_FIELDS: ReadonlySet<string> = new Set([
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'eventType',
  'eventCategory',
  'awsRegion',
  'recipientAccountId',
  'errorCode',
  'eventID',
  'readOnly',
  'managementEvent',
  'userAgent',
  'sourceIPAddress',
]);

/** `userIdentity` members the reader's head carries, by member name → head field. */
export const IDENTITY_HEAD_FIELDS: ReadonlyMap<string, string> = new Map([
  ['type', 'userIdentityType'],
  ['arn', 'userIdentityArn'],
  ['invokedBy', 'userIdentityInvokedBy'],
  ['accountId', 'userIdentityAccountId'],
  ['accessKeyId', 'userIdentityAccessKeyId'],
]);

/**
 * Every top-level field a CloudTrail record, Insights record or aggregated record can carry
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 * and the virtual `context` the engine adds (`context.sourceIPAddress.*`, docs/context.md). A
 * rule that requires a field outside this list can never match.
 */
export const CLOUDTRAIL_FIELDS: ReadonlySet<string> = new Set([
  'eventVersion',
  'eventTime',
  'userIdentity',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'eventType',
  'apiVersion',
  'managementEvent',
  'readOnly',
  'resources',
  'recipientAccountId',
  'serviceEventDetails',
  'sharedEventID',
  'vpcEndpointId',
  'vpcEndpointAccountId',
  'eventCategory',
  'addendum',
  'sessionCredentialFromConsole',
  'edgeDeviceDetails',
  'tlsDetails',
  'eventContext',
  'insightDetails',
  'annotation',
  'omitted',
  'eventId',
  'accountId',
  'timeWindow',
  'summary',
  CONTEXT_FIELD,
]);

/** Environment variables the deployed functions read their rule configuration from. */
export const RULES_ENV = {
  dirs: 'TRAILWATCH_RULES_DIRS',
  disabled: 'TRAILWATCH_DISABLED_RULES',
} as const;

/** The context of an engine built without one: nothing is known to be watched. */
export const NO_RULE_CONTEXT: RuleContext = { watchedBuckets: [], watchedQueues: [], watchedEventRules: [] };

/** Rule and suppression files larger than this are refused unread (a rule file is a few KiB). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

/**
 * How many alias expansions a rule file may make in all (the `yaml` package's `maxAliasCount`):
 * enough for any hand-written file, far too few for a "billion laughs" document.
 */
export const MAX_YAML_ALIAS_COUNT = 100;
