import type { Alert } from './alert.js';

/** Who and where a correlation's alert names: taken from the earliest match of its group. */
export type CorrelationContext = {
  account?: string;
  region?: string;
  principal?: string;
  sourceIPAddress?: string;
};

/**
 * One match of a rule that a correlation references, as the detector hands it over: enough to
 * judge the correlation's timespan in any later file, nothing of the record beyond that.
 */
export type CorrelationMatch = {
  /** The correlation this match counts for (one record may count for several). */
  correlationId: string;
  /** The values of the correlation's `group-by` fields, joined: its alert's `details.dedupKey`. */
  groupKey: string;
  /** The position of the matching rule in the correlation's `rules`. */
  rule: number;
  /** eventTime in epoch milliseconds (NaN when the record has none: such matches are not kept). */
  time: number;
  eventId: string;
  /** value_count only: the value(s) of the correlation's `field`, as one text. */
  value?: string;
  context: CorrelationContext;
  /**
   * Chains only: the group key of each correlation above this one (by id) for this record, so a
   * window that fires here can count in the correlation that references it.
   */
  chain?: Record<string, string>;
};

/**
 * One source's matches of one (correlation, group key), column by column: what a detector keeps
 * of a file's matches (lib/rules/correlation/match-book.ts) and a worker thread hands back. The
 * first `count` entries of each column hold the matches, in record order (the typed columns grow
 * by doubling, so they may be longer); the group's key, id and context are kept once, not once
 * per match, so a file of hundreds of thousands of matches costs 28 bytes a match outside the
 * JavaScript heap, and its counted values once each. Plain data: it crosses threads as it is.
 */
export type MatchGroup = {
  correlationId: string;
  groupKey: string;
  /**
   * The context of the group's first match with an eventTime (the one a fold takes its context
   * from); absent while no match has one.
   */
  context?: CorrelationContext;
  /** How many matches. */
  count: number;
  /** CorrelationMatch.time of each match (NaN: the record has no eventTime). */
  times: Float64Array;
  /**
   * CorrelationMatch.eventId of each match, four numbers each: a UUID in lowercase hex (the form
   * CloudTrail writes) as its 128 bits (32 bits each, in order), any other eventID as its text in
   * `eventIdTexts` (lib/rules/correlation/match-book.ts reads them back).
   */
  eventIds: Uint32Array;
  /** The eventIDs that are no lowercase UUID, by match (absent while there is none). */
  eventIdTexts?: Array<string | undefined>;
  /** CorrelationMatch.rule of each match. */
  rules: Int32Array;
  /** value_count and chains only: CorrelationMatch.value of each match. */
  values?: Array<string | undefined>;
  /** Chains only: CorrelationMatch.chain of each match. */
  chains?: Array<Record<string, string> | undefined>;
};

/** A match as a correlation's state keeps it (short names: a state holds up to a thousand). */
export type KeptMatch = {
  /** eventTime, epoch milliseconds. */
  t: number;
  /** eventID. */
  e: string;
  /** The position of the matching rule in the correlation's `rules`. */
  r: number;
  /** value_count only: the field's value. */
  v?: string;
  /** Chains only: the group keys of the correlations above (CorrelationMatch.chain). */
  c?: Record<string, string>;
};

/** A window that fired: no window overlapping it fires again. */
export type FiredWindow = {
  /** The window's first eventTime (epoch ms) and eventID: the alert's anchor. */
  start: number;
  startId: string;
  /** The source (file, or end-of-run judgement) whose write fired it. */
  source: string;
  /** The alert it fired: handed back when the same source is applied again (a retry). */
  alert: Alert;
  /** Chains only: the matches it made in the correlations that reference this one. */
  chained?: CorrelationMatch[];
};

/**
 * The state of one correlation for one group: the referenced rules' matches within its
 * timespan (pruned by eventTime, at most MAX_KEPT_MATCHES) and the windows that fired.
 */
export type StoredCorrelation = {
  /** sha256(correlationId ␀ groupKey)[0:32]. */
  key: string;
  correlationId: string;
  groupKey: string;
  /** Sorted by (t, e). */
  matches: KeptMatch[];
  fired: FiredWindow[];
  context: CorrelationContext;
  /** Bumped by every write; writes are conditional on it. */
  version: number;
  /** Epoch seconds after which a read treats the state as absent (DynamoDB TTL reclaims it later). */
  expiresAt: number;
};

/** One conditional write of a correlation's state: one source's matches folded in. */
export type CorrelationWrite = {
  next: StoredCorrelation;
  /** The version read, or undefined when the state did not exist (or had expired). */
  expectedVersion: number | undefined;
  /** The file (or judgement) whose matches the write folds in: applied once per state. */
  source: string;
};

/** Done, lost a race (read again and retry), or the source was folded in before. */
export type CorrelationWriteResult = 'applied' | 'conflict' | 'duplicate';

/**
 * What happened to one write of several issued together ({@link CorrelationStore.applyAll}): as
 * {@link CorrelationWriteResult}, or `unapplied`: another write of its transaction did not
 * apply, so none of them was written (write it again as it is).
 */
export type CorrelationBatchResult = CorrelationWriteResult | 'unapplied';

/**
 * Where correlation states live between files and runs, with IncidentStore's semantics: DynamoDB
 * on Lambda (lib/aws/correlation-table.ts, the correlation table), the `--state` file in the CLI
 * and local runs (lib/local/incident-file.ts), memory in one run
 * (lib/incidents/memory-correlation-store.ts).
 */
export type CorrelationStore = {
  /** The states stored under these keys; expired ones are absent. */
  get(keys: readonly string[]): Promise<Map<string, StoredCorrelation>>;
  /**
   * Writes `next` if the stored version is still `expectedVersion` and `source` was not folded
   * into this state before. Never partial.
   */
  apply(write: CorrelationWrite): Promise<CorrelationWriteResult>;
  /**
   * Several writes of one source together, each as {@link apply} decides it, in one round trip
   * where the store has transactions (DynamoDB: one TransactWriteItems per 100 items). All the
   * writes of one transaction are written or none: when any is `duplicate` or `conflict`, the
   * others of its transaction are `unapplied`. Absent: the caller applies each on its own.
   * @returns one result per write, in order
   */
  applyAll?(writes: readonly CorrelationWrite[]): Promise<CorrelationBatchResult[]>;
  /**
   * Every live state's key (the judgement of lt/lte/eq windows walks them), or only those of
   * these correlations.
   */
  keys(correlationIds?: ReadonlySet<string>): Promise<string[]>;
};

/**
 * A correlation store only this process writes (the CLI's memory store): besides
 * {@link CorrelationStore}, a source is folded into a state at once, without a promise, with the
 * same semantics (expired states read as absent, once per (state, source)).
 */
export type LocalCorrelationStore = CorrelationStore & {
  /**
   * Folds `source` into the state under `key`: `fold` is given the live state (undefined: none, or
   * expired) and what it returns is kept as it is, the store's own from then on (the next `fold`
   * of that key may change it in place: lib/rules/correlation/fold-correlation.ts
   * foldCorrelationInPlace). A source folded into the state before is not folded again.
   * @returns the state as it stands, and whether the source had been folded into it before
   */
  foldNow(
    key: string,
    source: string,
    fold: (current: StoredCorrelation | undefined) => StoredCorrelation
  ): { state: StoredCorrelation; duplicate: boolean };
};
