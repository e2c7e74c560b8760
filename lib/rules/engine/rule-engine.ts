import type { Alert, AlertDraft, Severity } from '../../model/alert.js';
import type { RecordView } from '../../cloudtrail/record-view.js';
import { viewOf } from '../../cloudtrail/record-view.js';
import { RecordParseError } from '../../cloudtrail/splitter/errors.js';
import type { CloudTrailRecord } from '../../model/record.js';
import type { ObjectRef } from '../../model/object-ref.js';
import { type Log, silentLog } from '../../model/log.js';
import { AlertGroups } from './alert-groups.js';
import { FirstSeenGroups } from './first-seen-groups.js';
import { apiName } from './api-name.js';
import {
  type Condition,
  compileCondition,
  fold,
  indexKeysOf,
  mapLeaves,
  type Matcher,
  requiredPaths,
} from './condition.js';
import { HEAD_FIELDS, IDENTITY_HEAD_FIELDS, NO_RULE_CONTEXT } from '../constants.js';
import type { FieldPath } from './field-path.js';
import type { Detector, DetectorFactory } from './detector.js';
import { RecordAccess } from './record-access.js';
import type { Suppression } from './suppressions.js';
import type { CompiledRule, RuleContext } from '../types.js';
import type { CorrelationMatch, MatchGroup } from '../../model/correlation.js';
import { CONTEXT_FIELD, type IpEnricher, withIpContext } from '../../model/ip-context.js';
import { CorrelationTaps, type RuleTaps } from '../correlation/correlation-taps.js';
import { judgeOneSource } from '../correlation/judge-one-source.js';
import { MatchBook } from '../correlation/match-book.js';
import type { CorrelationRule } from '../correlation/types.js';
import type { FirstSeenCandidate } from '../../model/baseline.js';

/**
 * A rule specialised for one (eventSource, eventName), with the head fields it cannot match
 * without (`requires`, and the same as bits of {@link presentFields} in `required`), and what a
 * match of it feeds, looked up once per pair instead of by rule id per match: its correlation
 * taps, whether they silence it, and whether it alerts only over many matches (`counts`: a
 * threshold or silenced rule, which one event alone cannot fire).
 */
type Slot = {
  rule: CompiledRule;
  match: Matcher;
  requires: readonly string[];
  required: number;
  taps: RuleTaps | undefined;
  silenced: boolean;
  counts: boolean;
};

/** The head field that holds a path's value, if the reader's head carries it. */
const headFieldOf = (path: FieldPath): string | undefined => {
  if (path.length === 1 && HEAD_FIELDS.has(path[0] as string)) return path[0] as string;
  if (path.length === 2 && path[0] === 'userIdentity') return IDENTITY_HEAD_FIELDS.get(path[1] as string);
  return undefined;
};

/** At most this many (eventSource, eventName) pairs keep their specialised rule lists. */
const MAX_CACHED_PAIRS = 20_000;

const EMPTY: readonly Slot[] = [];

/** The most record accessors an engine keeps spare (more files in flight make new ones). */
const MAX_SPARE_ACCESSORS = 4;

/**
 * The head fields a slot can require, each a bit of {@link presentFields}: HEAD_FIELDS and
 * IDENTITY_HEAD_FIELDS' names, listed here in the order of presentFields' bits, which reads each
 * by name to stay monomorphic.
 */
const FIELD_BITS: ReadonlyMap<string, number> = new Map(
  [
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
    'userIdentityType',
    'userIdentityArn',
    'userIdentityInvokedBy',
    'userIdentityAccountId',
    'userIdentityAccessKeyId',
  ].map((field, i) => [field, 1 << i])
);

/**
 * The head fields a record has, as bits of FIELD_BITS: one read of each named field (views from
 * the reader and from headOf fill them all, in one hidden class), so each slot's requirements
 * are then one mask test instead of a keyed read per field.
 */
const presentFields = (head: RecordView['head']): number => {
  const h = head as Record<string, unknown>;
  return (
    (h.eventVersion !== undefined ? 1 : 0) |
    (h.eventTime !== undefined ? 1 << 1 : 0) |
    (h.eventSource !== undefined ? 1 << 2 : 0) |
    (h.eventName !== undefined ? 1 << 3 : 0) |
    (h.eventType !== undefined ? 1 << 4 : 0) |
    (h.eventCategory !== undefined ? 1 << 5 : 0) |
    (h.awsRegion !== undefined ? 1 << 6 : 0) |
    (h.recipientAccountId !== undefined ? 1 << 7 : 0) |
    (h.errorCode !== undefined ? 1 << 8 : 0) |
    (h.eventID !== undefined ? 1 << 9 : 0) |
    (h.readOnly !== undefined ? 1 << 10 : 0) |
    (h.managementEvent !== undefined ? 1 << 11 : 0) |
    (h.userAgent !== undefined ? 1 << 12 : 0) |
    (h.sourceIPAddress !== undefined ? 1 << 13 : 0) |
    (h.userIdentityType !== undefined ? 1 << 14 : 0) |
    (h.userIdentityArn !== undefined ? 1 << 15 : 0) |
    (h.userIdentityInvokedBy !== undefined ? 1 << 16 : 0) |
    (h.userIdentityAccountId !== undefined ? 1 << 17 : 0) |
    (h.userIdentityAccessKeyId !== undefined ? 1 << 18 : 0)
  );
};

/** Suppressions to apply before alerting, where rule failures are logged, and what the deployment watches. */
export type EngineOptions = {
  suppressions?: readonly Suppression[];
  log?: Log;
  /** The pipeline's own buckets and queues, for rules whose severity depends on them. */
  context?: RuleContext;
  /** Correlations over the rules (Sigma correlations, count rules, thresholds: RuleSet.correlations). */
  correlations?: readonly CorrelationRule[];
  /**
   * Offline IP context (lib/context): rules read `context.sourceIPAddress.*` on each record,
   * and every alert with a `sourceIPAddress` carries `context.sourceIPAddress`.
   */
  enricher?: IpEnricher;
};

/** Counters of one file (the summary's `detection` field). */
type Stats = {
  rulesEvaluated: number;
  recordsParsedForRules: number;
  matched: number;
  suppressed: number;
  ruleErrors: number;
};

/**
 * The detection engine: rules compiled once (per cold start), indexed by API name and event
 * source, and specialised per (eventSource, eventName) pair the first time the pair is seen,
 * so a record no rule can match costs two map lookups and is never parsed.
 *
 * @example
 * const engine = new RuleEngine(ruleSet.rules, { suppressions: ruleSet.suppressions, log });
 * const summary = await processLogStream(body, ref, { detector: engine.detector, log });
 */
export class RuleEngine {
  readonly rules: readonly CompiledRule[];
  /** What the deployment watches (empty lists when unknown). */
  readonly context: RuleContext;
  /** What a match of a rule that correlations reference feeds them. */
  readonly taps: CorrelationTaps;
  /** The correlations, by id. */
  readonly correlations: ReadonlyMap<string, CorrelationRule>;
  /** The IP context lookups, when the deployment has them. */
  readonly enricher: IpEnricher | undefined;
  readonly #suppressions: readonly Suppression[];
  readonly #log: Log;
  readonly #byApiName = new Map<string, CompiledRule[]>();
  readonly #bySource = new Map<string, CompiledRule[]>();
  readonly #global: CompiledRule[] = [];
  /** Each rule's own quiet period, by rule id (the first rule of an id, as the list gives them). */
  readonly #quietMs = new Map<string, number | undefined>();
  readonly #pairs = new Map<string | undefined, Map<string | undefined, readonly Slot[]>>();
  #cachedPairs = 0;

  constructor(rules: readonly CompiledRule[], options: EngineOptions = {}) {
    this.rules = rules;
    this.context = options.context ?? NO_RULE_CONTEXT;
    this.enricher = options.enricher;
    this.#suppressions = options.suppressions ?? [];
    this.#log = options.log ?? silentLog;
    this.taps = new CorrelationTaps(options.correlations ?? []);
    this.correlations = new Map((options.correlations ?? []).map((c) => [c.id, c]));
    for (const rule of rules) {
      if (!this.#quietMs.has(rule.meta.id)) this.#quietMs.set(rule.meta.id, rule.quietMs);
      const keys = indexKeysOf(rule.condition);
      const push = (map: Map<string, CompiledRule[]>, key: string) => {
        const list = map.get(key) ?? [];
        list.push(rule);
        map.set(key, list);
      };
      if (keys.apiNames) for (const name of keys.apiNames) push(this.#byApiName, name);
      else if (keys.sources) for (const source of keys.sources) push(this.#bySource, source);
      else this.#global.push(rule);
    }
  }

  /** Rules that run on every record (no eventSource or eventName to index them by). */
  get globalRules(): readonly CompiledRule[] {
    return this.#global;
  }

  /**
   * A rule's own quiet period for incidents (`quiet:`), or undefined for the default.
   * @param ruleId - the rule's id
   */
  readonly quietMs = (ruleId: string): number | undefined => this.#quietMs.get(ruleId);

  /** Record accessors no detector holds (two files in flight leave two). */
  readonly #spareAccess: RecordAccess[] = [];

  /**
   * A record accessor for a detector: a spare one (its count of invalid addresses back at 0), or a new one.
   */
  spareAccess(): RecordAccess {
    const access = this.#spareAccess.pop();
    if (access === undefined) return new RecordAccess(this.enricher);
    access.invalidSourceIps = 0;
    return access;
  }

  /**
   * Takes back the accessor of a finished detector, for the next one.
   * @param access - an accessor from {@link RuleEngine.spareAccess}, no longer used
   */
  returnAccess(access: RecordAccess): void {
    if (this.#spareAccess.length < MAX_SPARE_ACCESSORS) this.#spareAccess.push(access);
  }

  /** The detector factory ingest calls once per file. */
  readonly detector: DetectorFactory = (source: ObjectRef) => new FileDetector(this, source, this.#log);

  /**
   * The rules that can match a pair, each folded with the pair's known values.
   * @param eventSource - the head's eventSource
   * @param eventName - the head's eventName
   */
  slotsFor(eventSource: string | undefined, eventName: string | undefined): readonly Slot[] {
    let byName = this.#pairs.get(eventSource);
    const cached = byName?.get(eventName);
    if (cached) return cached;
    const slots = this.#specialise(eventSource, eventName);
    if (this.#cachedPairs < MAX_CACHED_PAIRS) {
      if (!byName) {
        byName = new Map();
        this.#pairs.set(eventSource, byName);
      }
      byName.set(eventName, slots);
      this.#cachedPairs++;
    }
    return slots;
  }

  #specialise(eventSource: string | undefined, eventName: string | undefined): readonly Slot[] {
    const candidates = new Set<CompiledRule>([
      ...(eventName === undefined ? [] : (this.#byApiName.get(apiName(eventName).toLowerCase()) ?? [])),
      ...(eventSource === undefined ? [] : (this.#bySource.get(eventSource.toLowerCase()) ?? [])),
      ...this.#global,
    ]);
    const known = new Map<string, unknown>([
      ['eventSource', eventSource],
      ['eventName', eventName],
    ]);
    const slots: Slot[] = [];
    // Keep the rules' declaration order so alerts and stats do not depend on index layout.
    for (const rule of this.rules) {
      if (!candidates.has(rule)) continue;
      const folded = this.#withoutContext(fold(rule.condition, known));
      if (folded.kind === 'const' && !folded.value) continue;
      const requires = requiredPaths(folded).flatMap((path) => headFieldOf(path) ?? []);
      let required = 0;
      for (const field of requires) {
        const bit = FIELD_BITS.get(field);
        if (bit === undefined) throw new Error(`head field ${field} has no bit in FIELD_BITS`);
        required |= bit;
      }
      const silenced = this.taps.silences(rule.meta.id);
      slots.push({
        rule,
        match: compileCondition(folded),
        requires,
        required,
        taps: this.taps.tapsOf(rule.meta.id),
        silenced,
        counts: rule.threshold !== undefined || silenced,
      });
    }
    return slots.length === 0 ? EMPTY : slots;
  }

  /** Whether any suppression is loaded (else no match needs looking up). */
  get hasSuppressions(): boolean {
    return this.#suppressions.length > 0;
  }

  /**
   * Without an enricher the virtual `context` field is absent from every record: a leaf that
   * reads only `context.…` paths is decided now (its test given absent values), so a rule that
   * needs the context costs nothing per record and one that does not runs without those tests.
   * @param condition - a folded condition
   */
  #withoutContext(condition: Condition): Condition {
    if (this.enricher) return condition;
    return mapLeaves(condition, (leaf) => {
      if (leaf.paths.length === 0 || !leaf.paths.every((path) => path[0] === CONTEXT_FIELD)) return leaf;
      try {
        return { kind: 'const', value: leaf.test(...leaf.paths.map(() => undefined)) };
      } catch {
        return leaf;
      }
    });
  }

  /**
   * The first suppression that covers a match, if any.
   * @param rule - the rule that matched
   * @param access - the matching record
   */
  suppressionFor(rule: CompiledRule, access: RecordAccess): Suppression | undefined {
    for (const s of this.#suppressions) if (s.appliesTo(rule.meta.id) && s.matches(access)) return s;
    return undefined;
  }

  /**
   * Runs the rules on one record outside any file: the low-latency EventBridge path. Rules with
   * a threshold, and rules that alert only through correlations, are skipped (one event cannot
   * reach N > 1); every other alert carries the id
   * the S3 path gives the same event.
   * @param record - a CloudTrail record (EventBridge `detail`)
   * @returns the alerts, without `s3Key`
   */
  evaluateRecord(record: CloudTrailRecord): Alert[] {
    return this.evaluateEvent(record).alerts;
  }

  /**
   * {@link RuleEngine.evaluateRecord} with the detector's counters beside the alerts (`ruleErrors`,
   * `suppressed`, … as a file's summary has them in `detection`), for a flow that reports them.
   * With `correlate`, the caller keeps the correlation states (lib/pipelines/correlations.ts):
   * rules with a threshold and rules that alert through correlations are evaluated too, and
   * their matches come back in `matches` instead of being skipped. With `firstSeen`, the caller
   * judges first-seen rules against a baseline store (lib/pipelines/first-seen.ts): their
   * candidates come back in `candidates` (as a file's detector hands them over).
   * @param record - a CloudTrail record (EventBridge `detail`)
   * @param options - `correlate`: hand back the matches of rules that correlations reference;
   *   `firstSeen`: hand back the first-seen candidates
   */
  evaluateEvent(
    record: CloudTrailRecord,
    options: { correlate?: boolean; firstSeen?: boolean } = {}
  ): {
    alerts: Alert[];
    stats: Record<string, number>;
    matches: readonly CorrelationMatch[];
    candidates: readonly FirstSeenCandidate[];
  } {
    const correlate = options.correlate === true;
    const detector = new FileDetector(this, undefined, this.#log, { skipThresholds: !correlate });
    const take = correlate ? detector.deferCorrelations() : undefined;
    const takeFirstSeen = options.firstSeen === true ? detector.deferFirstSeen() : undefined;
    detector.onRecord(viewOf(record));
    return {
      alerts: detector.finish(),
      stats: detector.stats(),
      matches: take?.() ?? [],
      candidates: takeFirstSeen?.() ?? [],
    };
  }
}

/** Nothing handed over (shared, never changed). */
const NO_GROUPS: readonly MatchGroup[] = Object.freeze([]);
const NO_CANDIDATES: readonly FirstSeenCandidate[] = Object.freeze([]);

/**
 * The per-file detector: evaluates, suppresses and groups. What a file may never use (its alert
 * groups, correlation matches, first-seen groups, suppression counts, failed rules) is made on
 * its first use, and the record accessor comes from the engine's spares and goes back at
 * `finish()`: a small file costs the few objects it needs.
 */
class FileDetector implements Detector {
  readonly #engine: RuleEngine;
  readonly #source: ObjectRef | undefined;
  readonly #log: Log;
  readonly #skipThresholds: boolean;
  #groups: AlertGroups | undefined;
  readonly #stats: Stats = { rulesEvaluated: 0, recordsParsedForRules: 0, matched: 0, suppressed: 0, ruleErrors: 0 };
  #bySuppression: Map<string, number> | undefined;
  #failedRules: Set<string> | undefined;
  /** Reused for every record: decodes fields on demand, notes full parses (the engine's again once finished). */
  #access: RecordAccess | undefined;
  /** Records whose sourceIPAddress a rule found no address, as the accessor counted them until `finish()`. */
  #invalidSourceIps = 0;
  /** Matches of rules that correlations reference, by correlation group. */
  #book: MatchBook | undefined;
  #deferred = false;
  /** Where the rule alerts go as drafts (deferAlerts) instead of being built by finish(). */
  #alertsDeferred: { place?: { s3Key: string; bucket: string }; drafts?: AlertDraft[] } | undefined;
  /** Matches of first-seen rules, one group per (rule, entity, key): they alert only through a baseline store. */
  #firstSeen: FirstSeenGroups | undefined;
  /** Whether the engine has suppressions to look through for each match. */
  readonly #suppressing: boolean;

  constructor(engine: RuleEngine, source: ObjectRef | undefined, log: Log, options: { skipThresholds?: boolean } = {}) {
    this.#engine = engine;
    this.#source = source;
    this.#log = log;
    this.#skipThresholds = options.skipThresholds ?? false;
    this.#suppressing = engine.hasSuppressions;
  }

  onRecord(view: RecordView): void {
    const slots = this.#engine.slotsFor(view.head.eventSource, view.head.eventName);
    if (slots.length === 0) return;
    const stats = this.#stats;
    const skipThresholds = this.#skipThresholds;
    let access: RecordAccess | undefined;
    let present = -1;
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as Slot;
      if (skipThresholds && slot.counts) continue;
      stats.rulesEvaluated++;
      if (slot.required !== 0) {
        if (present === -1) present = presentFields(view.head);
        if ((present & slot.required) !== slot.required) continue;
      }
      if (access === undefined) {
        access = this.#access ?? this.#takeAccess();
        access.reset(view);
      }
      let hit: boolean;
      try {
        hit = slot.match(access);
      } catch (error) {
        if (error instanceof RecordParseError) throw error;
        this.#ruleFailed(slot.rule, view, error);
        continue;
      }
      if (!hit) continue;
      stats.matched++;
      if (this.#suppressing) {
        const suppression = this.#engine.suppressionFor(slot.rule, access);
        if (suppression) {
          stats.suppressed++;
          this.#bySuppression ??= new Map();
          this.#bySuppression.set(suppression.id, (this.#bySuppression.get(suppression.id) ?? 0) + 1);
          continue;
        }
      }
      if (!skipThresholds && slot.taps !== undefined) {
        this.#book ??= new MatchBook();
        this.#engine.taps.collectTaps(slot.taps, access, this.#book);
      }
      if (slot.silenced) continue;
      if (slot.rule.firstSeen) {
        this.#addFirstSeen(slot.rule, view, access);
        continue;
      }
      const rule = slot.rule;
      this.#groups ??= new AlertGroups(this.#engine.enricher);
      this.#groups.add(rule, access, rule.severityFor === undefined ? undefined : this.#severityOf(rule, view, access));
    }
    if (access?.parsed) stats.recordsParsedForRules++;
  }

  /** The accessor this detector reads records through: one of the engine's spares, or a new one. */
  #takeAccess(): RecordAccess {
    const access = this.#engine.spareAccess();
    this.#access = access;
    return access;
  }

  finish(): Alert[] {
    const access = this.#access;
    if (access !== undefined) {
      // The accessor goes back to the engine, its count of this file's invalid addresses kept here.
      this.#invalidSourceIps += access.invalidSourceIps;
      this.#access = undefined;
      this.#engine.returnAccess(access);
    }
    const deferred = this.#alertsDeferred;
    const groups = this.#groups;
    if (deferred !== undefined) deferred.drafts = groups === undefined ? [] : groups.drafts(deferred.place);
    const alerts = deferred !== undefined || groups === undefined ? [] : groups.alerts();
    const book = this.#book;
    if (this.#deferred || book === undefined || book.size === 0) return alerts;
    const source = this.#source ? `${this.#source.bucket}/${this.#source.key}` : 'event';
    const correlated = judgeOneSource(this.#engine.correlations, book.groups, source);
    return [...alerts, ...correlated.map((a) => withIpContext(a, this.#engine.enricher))];
  }

  deferAlerts(place?: { s3Key: string; bucket: string }): () => readonly AlertDraft[] {
    const deferred: { place?: { s3Key: string; bucket: string }; drafts?: AlertDraft[] } = place ? { place } : {};
    this.#alertsDeferred = deferred;
    return () => deferred.drafts ?? this.#groups?.drafts(place) ?? [];
  }

  deferredAlerts(): number {
    return this.#alertsDeferred?.drafts?.length ?? 0;
  }

  deferCorrelations(): () => readonly CorrelationMatch[] {
    this.#deferred = true;
    return () => this.#book?.matches() ?? [];
  }

  deferMatchGroups(): () => readonly MatchGroup[] {
    this.#deferred = true;
    return () => this.#book?.groups ?? NO_GROUPS;
  }

  deferFirstSeen(): () => readonly FirstSeenCandidate[] {
    return () => this.#firstSeen?.candidates() ?? NO_CANDIDATES;
  }

  #addFirstSeen(rule: CompiledRule, view: RecordView, access: RecordAccess): void {
    let entity: string | undefined;
    let key: string | undefined;
    try {
      entity = rule.firstSeen?.entity(access);
      key = rule.firstSeen?.key(access);
    } catch (error) {
      if (error instanceof RecordParseError) throw error;
      this.#ruleFailed(rule, view, error);
      return;
    }
    if (entity === undefined || entity === '' || key === undefined || key === '') return;
    this.#firstSeen ??= new FirstSeenGroups();
    this.#firstSeen.add(rule, entity, key, access, this.#severityOf(rule, view, access));
  }

  stats(): Record<string, number> {
    const stats = this.#stats;
    const out: Record<string, number> = {
      rulesEvaluated: stats.rulesEvaluated,
      recordsParsedForRules: stats.recordsParsedForRules,
      matched: stats.matched,
      suppressed: stats.suppressed,
      ruleErrors: stats.ruleErrors,
      belowThreshold: this.#groups?.belowThreshold() ?? 0,
    };
    const invalidSourceIps = this.#invalidSourceIps + (this.#access?.invalidSourceIps ?? 0);
    // Only when there were some, so summaries without context read as before.
    if (invalidSourceIps > 0) out.invalidSourceIPAddress = invalidSourceIps;
    if (this.#bySuppression !== undefined) for (const [id, n] of this.#bySuppression) out[`suppressedBy.${id}`] = n;
    return out;
  }

  /** A match's own severity, for rules that judge each record; the rule's listed severity when that throws. */
  #severityOf(rule: CompiledRule, view: RecordView, access: RecordAccess): Severity | undefined {
    if (!rule.severityFor) return undefined;
    try {
      return rule.severityFor(access, this.#engine.context);
    } catch (error) {
      if (error instanceof RecordParseError) throw error;
      this.#ruleFailed(rule, view, error);
      return undefined;
    }
  }

  #ruleFailed(rule: CompiledRule, view: RecordView, error: unknown): void {
    this.#stats.ruleErrors++;
    this.#failedRules ??= new Set();
    if (this.#failedRules.has(rule.meta.id)) return;
    this.#failedRules.add(rule.meta.id);
    this.#log.warn('rule failed on a record', {
      ruleId: rule.meta.id,
      index: view.index,
      offset: view.offset,
      ...(this.#source ? { bucket: this.#source.bucket, key: this.#source.key } : {}),
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
