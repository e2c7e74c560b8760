import type { Alert, Severity } from './alert.js';

/** What a notification says happened to its incident. */
export type IncidentLifecycle = 'opened' | 'escalated';

/**
 * A step of an incident's life that has a notification: decided once by the store write that
 * made it, then marked sent when the sink acknowledged it. A retry re-sends decided steps that
 * are not sent, with the same id.
 */
export type IncidentStep = {
  /** The notification id: sha256(incidentId ␀ lifecycle ␀ threshold)[0:32]. */
  id: string;
  lifecycle: IncidentLifecycle;
  /** The highest count threshold (10, 100, 1,000…) the step crossed; 0 when none. */
  escalation: number;
  severity: Severity;
  /** The incident's count when the step was decided. */
  count: number;
  sent: boolean;
};

/**
 * An incident's closing: its quiet period passed without a match, by eventTime. Decided once (by
 * the write that opens a new incident over it, or by the sweep over open incidents), recorded in
 * the store, and delivered at least once with the same id to the sinks that close findings
 * (Security Hub); then marked sent. Its content depends only on the incident, so whoever decides
 * it decides the same closing.
 */
export type IncidentClosing = {
  /** sha256(incidentId ␀ closed ␀ 0)[0:32]. */
  id: string;
  /** The incident that closed: the item's own, or one a newer incident overwrote. */
  incidentId: string;
  ruleId: string;
  severity: Severity;
  /** The account of the incident's alert (the finding's account when no importing account is set). */
  account?: string;
  lastSeen: string;
  quietMs: number;
  /** When the quiet period ended: `lastSeen` + `quietMs`. */
  closedAt: string;
  sent: boolean;
};

/**
 * One incident as the store keeps it: every match of one rule and dedup key, from any file and
 * any path, until a quiet period by eventTime passes without a match.
 */
export type StoredIncident = {
  /** sha256(ruleId ␀ dedupKey)[0:32]: where the store keeps the incident of this cause. */
  key: string;
  /** Fixed by the write that created the incident; never changes. */
  incidentId: string;
  ruleId: string;
  dedupKey: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** The earliest eventIDs (at most 10). */
  eventIds: string[];
  severity: Severity;
  /** The highest threshold a step has been decided for. */
  escalation: number;
  /** The quiet period that closes the incident, in milliseconds of eventTime. */
  quietMs: number;
  steps: IncidentStep[];
  /**
   * Closings held by this item: the incident's own once decided, and those of the incidents it
   * overwrote that are not sent yet. Absent in items written before closings existed: none.
   */
  closings?: IncidentClosing[];
  /** The alert of the match that opened the incident: the notifications are built on it. */
  alert: Alert;
  /** Bumped by every write; writes are conditional on it. */
  version: number;
  /** Epoch seconds after which a read treats the incident as absent (DynamoDB TTL reclaims it later). */
  expiresAt: number;
};

/** One conditional write of an incident: the result of folding one source's matches into it. */
export type IncidentWrite = {
  next: StoredIncident;
  /** The version read, or undefined when the incident did not exist (or had expired). */
  expectedVersion: number | undefined;
  /** What the write adds to `count` (an atomic ADD where the store has one). */
  countDelta: number;
  /** The file (or event) whose matches the write folds in: applied once per incident. */
  source: string;
};

/** What happened to a write: done, lost a race (read again and retry), or the source was folded in before. */
export type IncidentWriteResult = 'applied' | 'conflict' | 'duplicate';

/**
 * What happened to one write of several issued together ({@link IncidentStore.applyAll}): as
 * {@link IncidentWriteResult}, or `unapplied`: it would have applied, but another write issued
 * with it did not, so none of them was written (write it again as it is).
 */
export type IncidentBatchResult = IncidentWriteResult | 'unapplied';

/**
 * Where incidents live between files and runs: DynamoDB on Lambda (lib/aws/incident-table.ts), a
 * file in the CLI (lib/local/incident-file.ts), memory in one run (lib/incidents/memory-store.ts).
 */
export type IncidentStore = {
  /** The incidents stored under these keys; expired ones are absent. */
  get(keys: readonly string[]): Promise<Map<string, StoredIncident>>;
  /**
   * Writes `next` if the stored version is still `expectedVersion` and `source` was not folded
   * into `next.incidentId` before. Never partial.
   */
  apply(write: IncidentWrite): Promise<IncidentWriteResult>;
  /**
   * Several writes of one source together, each as {@link apply} decides it, in one round trip
   * where the store has transactions (DynamoDB: one TransactWriteItems per 100 items). All the
   * writes of one transaction are written or none: when any is `duplicate` or `conflict`, the
   * others of its transaction are `unapplied`. Absent: the caller applies each on its own.
   * @returns one result per write, in order
   */
  applyAll?(writes: readonly IncidentWrite[]): Promise<IncidentBatchResult[]>;
  /** Marks decided steps as sent (after the sink acknowledged them). */
  markSent(key: string, incidentId: string, stepIds: readonly string[]): Promise<void>;
  /**
   * The live incidents still open (no closing of their own decided) or holding closings not yet
   * sent: what the sweep over quiet incidents reads.
   */
  listOpen(): Promise<StoredIncident[]>;
  /** Marks closings as sent (after the sink acknowledged them), whichever incident the item holds now. */
  markClosingsSent(key: string, closingIds: readonly string[]): Promise<void>;
};

/**
 * An incident store only this process writes (the CLI's memory store): besides
 * {@link IncidentStore}, an incident is read and written at once, without a promise or a map per
 * source, with the same semantics (expired incidents read as absent, once per (incident, source)).
 */
export type LocalIncidentStore = IncidentStore & {
  /** The live incident under `key`, if any ({@link IncidentStore.get} of one key). */
  getNow(key: string): StoredIncident | undefined;
  /** {@link IncidentStore.apply}, done at once. */
  applyNow(write: IncidentWrite): IncidentWriteResult;
};
