import type { IncidentClosing } from './incident.js';
import type { RecordContext } from './ip-context.js';
import type { CloudTrailRecord } from './record.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities: `severityRank('high') > severityRank('medium')`. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** What produced an alert; picks the EventBridge detail-type and SNS attribute. */
export type AlertCategory = 'detection' | 'integrity' | 'insight' | 'configuration';

/**
 * The alert shape every producer emits and every sink sends (documented in the README; stable).
 * `id` is deterministic: the same events re-processed give the same id, so a retry never
 * duplicates for consumers that de-duplicate on it.
 */
export type Alert = {
  id: string;
  category: AlertCategory;
  ruleId: string;
  title: string;
  description?: string;
  severity: Severity;
  /** MITRE ATT&CK and other tags, e.g. `attack.defense-evasion`, `attack.t1562.008`. */
  tags: string[];
  account?: string;
  accountName?: string;
  region?: string;
  /** The acting principal's ARN. */
  principal?: string;
  sourceIPAddress?: string;
  /** Offline enrichment of the sample's fields: `context.sourceIPAddress` (docs/context.md). */
  context?: RecordContext;
  eventSource?: string;
  eventName?: string;
  /** ARNs of the resources involved. */
  resources?: string[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Up to N eventIDs of the matching records. */
  eventIds: string[];
  /** One full matching record, its sensitive fields redacted (lib/model/sensitive-fields.ts). */
  sample?: CloudTrailRecord;
  /** S3 key of the log (or digest) file the alert came from. */
  s3Key?: string;
  bucket?: string;
  /** Free-form facts (integrity verdicts, insight statistics…). */
  details?: Record<string, unknown>;
  /**
   * Set by a sink that had to shrink the alert to fit a service limit (SNS/EventBridge 256 KB):
   * the fields cut, e.g. `['sample', 'eventIds']`. Absent when the alert is whole.
   */
  trimmed?: string[];
  /** The incident (rule and dedup key, until a quiet period) this alert belongs to (docs/incidents.md). */
  incidentId?: string;
  /** On an incident notification: whether the incident opened or escalated. */
  lifecycle?: 'opened' | 'escalated';
  /** On an incident notification: the highest count threshold (10, 100, 1,000…) crossed, or 0. */
  escalation?: number;
};

/**
 * A file's detection alert before it is built: the fields folding it into its incident reads
 * (docs/incidents.md), each as the built alert has them (`details.dedupKey` as `dedupKey`).
 * `alert()` builds the full alert (decoding and redacting the sample, hashing the id) on its
 * first call and hands back that same alert after: most of a file's alerts only add to an open
 * incident, and are never built.
 */
export type AlertDraft = {
  readonly category: 'detection';
  readonly ruleId: string;
  readonly dedupKey: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** `firstSeen` and `lastSeen` as epoch ms (NaN when not a time), when the draft has them parsed. */
  readonly firstSeenMs?: number;
  readonly lastSeenMs?: number;
  readonly eventIds: readonly string[];
  readonly severity: Severity;
  alert(): Alert;
};

/** Whether an alert is still a draft ({@link AlertDraft}) rather than built. */
export const isAlertDraft = (alert: Alert | AlertDraft): alert is AlertDraft =>
  typeof (alert as Partial<AlertDraft>).alert === 'function';

/** The built alert of an alert or draft. */
export const builtAlert = (alert: Alert | AlertDraft): Alert => (isAlertDraft(alert) ? alert.alert() : alert);

/** Where alerts go. Implementations: console/JSONL, SNS, EventBridge. */
export type AlertSink = {
  /**
   * Delivers every alert or throws; never drops silently.
   * @throws when an alert could not be delivered after retries
   */
  send(alerts: readonly Alert[]): Promise<void>;
  /**
   * Closes the findings of incidents whose quiet period passed (Security Hub: Workflow RESOLVED).
   * Absent on sinks that carry no findings to close (SNS, EventBridge, the console).
   * @throws when a closing could not be delivered after retries
   */
  close?(closings: readonly IncidentClosing[]): Promise<void>;
};
