import type { AlertCategory } from '../model/alert.js';

/** The names of the sinks: the fan-out's route names and the `sink` dimension of the delivery metrics. */
export const SINK_NAMES = {
  sns: 'sns',
  eventBridge: 'eventbridge',
  securityHub: 'securityhub',
  console: 'console',
} as const;

/** EventBridge `Source` of every trailwatch event. */
export const EVENT_SOURCE = 'trailwatch';

/** EventBridge `DetailType` per alert category (stable: consumers' rules match on it). */
export const DETAIL_TYPES = {
  detection: 'CloudTrail Detection',
  integrity: 'CloudTrail Integrity Finding',
  insight: 'CloudTrail Insight',
  configuration: 'CloudTrail Configuration Finding',
} as const satisfies Record<AlertCategory, string>;

/**
 * Service limits the sinks respect, from
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html and
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html
 */
export const LIMITS = {
  /** SNS message payload, message attributes included (256 KiB, not 256,000 bytes). */
  snsMessageBytes: 262_144,
  /** SNS subjects must be shorter than 100 characters. */
  snsSubjectChars: 99,
  /** FIFO MessageGroupId / MessageDeduplicationId length. */
  snsFifoTokenChars: 128,
  /** One PutEvents entry, and all entries of one request together. */
  eventBridgeBytes: 262_144,
  eventBridgeEntriesPerCall: 10,
  eventBridgeResources: 100,
  eventBridgeResourceChars: 2048,
  /** Findings per BatchImportFindings call, and the bytes of one call (240 KB). */
  securityHubFindingsPerCall: 100,
  securityHubBytes: 240 * 1024,
  /** Bytes left unused under each limit, for JSON escapes and attribute overheads we do not model. */
  headroomBytes: 2048,
} as const;

/** Per-entry PutEvents error codes AWS documents as retryable; every other code is final. */
export const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'ThrottlingException']);

/** Alert body formats: trailwatch's own shape, or an OCSF 1.3 Detection Finding. */
export const ALERT_FORMATS = ['native', 'ocsf'] as const;
/** `native` or `ocsf`. */
export type AlertFormat = (typeof ALERT_FORMATS)[number];
