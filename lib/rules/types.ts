import type { Severity } from '../model/alert.js';
import type { NewEntityPolicy } from '../model/baseline.js';
import type { CloudTrailRecord } from '../model/record.js';
import type { Condition } from './engine/condition.js';
import type { RecordAccess } from './engine/record-access.js';
import type { DistinctValues } from './engine/distinct-values.js';

/** How a rule was written. */
export type RuleForm = 'typescript' | 'yaml' | 'pattern' | 'sigma';

/** A duration: milliseconds, or text such as `90s`, `10m`, `1h`, `1d`. */
export type Duration = number | string;

/**
 * N matches per dedup key within a window before a group alerts; with `distinct`, N distinct
 * values of those field paths (their combination when several) among the matches: "20 different
 * secrets read", not "20 reads". Matches lacking a `distinct` field are not counted.
 */
export type Threshold = { count: number; window?: Duration; distinct?: string | readonly string[] };

/**
 * What a deployment tells the rules about trailwatch's own pipeline, so a rule can judge a call
 * that touches it more severely. Empty lists mean "not known" (the CLI without settings).
 */
export type RuleContext = {
  /** The buckets trailwatch reads CloudTrail logs from (`TRAIL_BUCKET`, `TRAIL_BUCKETS`). */
  watchedBuckets: readonly string[];
  /** The queues trailwatch reads, as URLs, ARNs or names (`INGEST_QUEUE_URL`, `DIGEST_QUEUE_URL`). */
  watchedQueues: readonly string[];
  /**
   * The deployment's EventBridge rules on the default bus, as names, rule ARNs or name prefixes
   * ending in `*` (`TRAILWATCH_EVENT_RULES`; serverless.yml sets the stack's prefix).
   */
  watchedEventRules: readonly string[];
};

/**
 * A built-in rule, written as a TypeScript module in `lib/rules/pack/<service>/<id>.ts` with
 * its cases in `<id>.cases.json` beside it. Give `match`, `pattern`, both (a record matches when
 * it passes both; see `pattern`), or neither (then every event of `eventSource`/`eventNames`
 * matches).
 * @example
 * export const rule: RuleDefinition = {
 *   id: 'cloudtrail-logging-stopped',
 *   title: 'CloudTrail logging stopped',
 *   description: 'A trail stopped logging, often the first step in covering tracks.',
 *   severity: 'high',
 *   tags: ['attack.defense-evasion', 'attack.t1562.008'],
 *   references: ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html'],
 *   eventSource: 'cloudtrail.amazonaws.com',
 *   eventNames: ['StopLogging'],
 *   match: (r) => r.errorCode === undefined,
 * };
 */
export type RuleDefinition = {
  /** kebab-case, equal to the file name. */
  id: string;
  title: string;
  description: string;
  /** The severity of an alert; with `severityFor`, the severity listed for the rule. */
  severity: Severity;
  /**
   * The severity of one match when it depends on the record and the deployment (a call on
   * trailwatch's own trail bucket weighs more than the same call elsewhere). A group of matches
   * alerts with the highest severity of its matches.
   */
  severityFor?: (record: CloudTrailRecord, context: RuleContext) => Severity;
  /** ATT&CK tactic and technique tags in Sigma's spelling: `attack.persistence`, `attack.t1098.001`. */
  tags: readonly string[];
  references: readonly string[];
  /** The event source(s) the rule applies to; the engine indexes rules by it. */
  eventSource?: string | readonly string[];
  /** API names (Lambda's version suffixes are ignored on both sides); the engine indexes by them. */
  eventNames?: readonly string[];
  /**
   * Logic that needs code. Sees only records of `eventSource`/`eventNames`. The record decodes
   * each field on read; read its properties, never enumerate it (docs/rules.md).
   */
  match?: (record: CloudTrailRecord) => boolean;
  /**
   * A CloudWatch Logs filter pattern, e.g. the CIS controls' published strings. Beside `match`,
   * what the engine reads to skip the rule: a pattern every record the match accepts passes,
   * written on fields the engine knows before calling (its `eventSource`/`eventName` clauses are
   * folded per API, so the rule is never called for an API the pattern rules out; a head field it
   * needs, such as `errorCode`, lets the engine skip records that lack it without a call; a clause
   * on `context.sourceIPAddress` drops the rule where there is no IP context). `match` runs first.
   */
  pattern?: string;
  /** What makes two matches the same incident: field paths, or a function. Default: account + principal. */
  dedup?: readonly string[] | ((record: CloudTrailRecord) => string);
  threshold?: Threshold;
  /** Alert window for grouping and ids (default 1h). */
  window?: Duration;
  /** How long without a match (by eventTime) closes the rule's incidents (default 24h; docs/incidents.md). */
  quiet?: Duration;
  /**
   * Makes the rule a first-seen rule (docs/context.md): a match alerts only when its `key` is
   * new for its `entity` in the baseline store, after the deployment's learning period. A match
   * whose entity or key is undefined is ignored. Judged where a baseline store is (`detect`,
   * Lambda ingest); silent without one (`scan`, `detect --per-file`, the realtime path).
   */
  firstSeen?: FirstSeenDefinition<CloudTrailRecord>;
};

/** The entity and key of a first-seen rule, read from a matching record. */
export type FirstSeenDefinition<R> = {
  /** Whose behaviour: a principal ARN, an access key id, an account. */
  entity: (record: R) => string | undefined;
  /** What is seen: an API name, a country, an ASN, a caller account. */
  key: (record: R) => string | undefined;
  /** What the first event of an entity the store has never seen does after learning. */
  newEntity: NewEntityPolicy;
};

/** A Sigma `logsource`: the fields present, in lower case. */
export type SigmaLogsource = { category?: string; product?: string; service?: string };

/** Descriptive fields of a compiled rule. */
export type RuleMeta = {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  tags: readonly string[];
  references: readonly string[];
  form: RuleForm;
  /** File the rule came from; `builtin` for the pack. */
  file: string;
  line?: number;
  /**
   * Sigma only: the rule's UUID, name, author and status (Sigma's licence asks that the author be
   * kept), its log source, and the Sigma filters applied to it (`file:line`).
   */
  sigma?: {
    id?: string;
    name?: string;
    author?: string;
    status?: string;
    logsource?: SigmaLogsource;
    filters?: readonly string[];
  };
  /** Non-fatal findings at load time (a field no record has, a literal that looks like a field). */
  warnings: readonly string[];
};

/** A rule ready to run: its condition in the common form, plus grouping settings. */
export type CompiledRule = {
  meta: RuleMeta;
  condition: Condition;
  dedupKey: (access: RecordAccess) => string;
  /** Present when the severity depends on the record and the deployment (`RuleDefinition.severityFor`). */
  severityFor?: (access: RecordAccess, context: RuleContext) => Severity;
  /** Present when the rule needs more than one match to alert. */
  threshold?: {
    count: number;
    windowMs: number;
    /**
     * Present when the rule counts distinct values: the field paths, a match's value (undefined:
     * absent), and the number `values` gives that value (-1: absent), read without decoding
     * where the raw bytes allow.
     */
    distinct?: {
      paths: readonly string[];
      value: (access: RecordAccess) => string | undefined;
      id: (access: RecordAccess, values: DistinctValues) => number;
    };
  };
  windowMs: number;
  /** The rule's own quiet period for incidents, when it sets one. */
  quietMs?: number;
  /** Where this rule's cases live, when it has a cases file. */
  casesFile?: string;
  /** Present on first-seen rules (RuleDefinition.firstSeen). */
  firstSeen?: FirstSeenDefinition<RecordAccess>;
};

/** One fixture of a rule: a record (or several, for thresholds) and whether the rule alerts. */
export type RuleCase = {
  name: string;
  expect: boolean;
  /** Fields over the base record (see buildCaseRecords). */
  record?: Record<string, unknown>;
  records?: Record<string, unknown>[];
  /** Repeat the record this many times, `everySeconds` apart, with distinct eventIDs. */
  repeat?: { count: number; everySeconds?: number };
  /**
   * The record is complete as written: nothing is merged from the base record, and every field
   * CloudTrail always writes must be there (`ALWAYS_WRITTEN_FIELDS` in lib/rules/cases/case-records.ts).
   */
  raw?: boolean;
  /** The deployment the case runs in (default: nothing watched). */
  context?: Partial<RuleContext>;
  /** The severity every alert of the case must carry (for rules with `severityFor`). */
  severity?: Severity;
  /**
   * First-seen rules only: records the store learns, silently, before the case's records are
   * judged (the learning period ends at the first of them).
   */
  learned?: Record<string, unknown>[];
};

/** A rule file that was understood but will not run, and why (e.g. a Sigma feature trailwatch lacks). */
export type Refusal = { file: string; line?: number; reason: string };
