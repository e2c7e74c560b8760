import { SEVERITIES, type Severity } from '../../model/alert.js';
import { isSensitiveField, REDACTED, redactSensitiveFields } from '../../model/sensitive-fields.js';
import { and, type Condition, eventNameIs, eventSourceIs, type Leaf, TRUE } from './condition.js';
import { DEFAULT_THRESHOLD_WINDOW_MS, DEFAULT_WINDOW_MS } from '../constants.js';
import { parseDuration } from './duration.js';
import { unknownFieldProblem } from './unknown-field.js';
import { UnitBuffer } from './distinct-values.js';
import { RuleLoadError } from '../errors.js';
import { type FieldPath, parseFieldPath, scalarText } from './field-path.js';
import { compileFilterPattern, FilterPatternError } from '../languages/filter-pattern/filter-pattern.js';
import { headReader, type RecordAccess } from './record-access.js';
import { principalKeyOf } from './record-helpers.js';
import type { CompiledRule, Duration, RuleDefinition, RuleMeta, Threshold } from '../types.js';

/** Rule ids are kebab-case so they double as file names. */
export const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reports a problem at a place in the rule's source (a YAML key, a TS field). */
export type Fail = (
  where: string | readonly (string | number)[],
  reason: string,
  options?: ErrorOptions
) => RuleLoadError;

/**
 * The default dedup key: the same actor in the same account is the same incident.
 * @param access - the matching record
 */
export const defaultDedupKey = (access: RecordAccess): string => {
  const account = access.head.recipientAccountId ?? access.path(ACCOUNT_ID) ?? access.path(CALLER_ACCOUNT_ID) ?? '';
  return `${account}|${principalKeyOf(access)}`;
};

const ACCOUNT_ID = ['accountId'];
const CALLER_ACCOUNT_ID = ['userIdentity', 'accountId'];

/**
 * Builds the dedup key function from field paths: the JSON of each value, joined. The key is
 * published in every alert (`details.dedupKey`), so sensitive fields count as redacted: a path
 * through one (`requestParameters.password`) reads `"[redacted]"`, and an object value (all of
 * `responseElements`) has its sensitive fields redacted.
 * @param paths - dotted field paths
 */
export const dedupFromPaths = (paths: readonly string[]): ((access: RecordAccess) => string) => {
  const parsed = paths.map((path) => {
    const segments = parseFieldPath(path);
    const read = headReader(segments);
    return { segments, secret: segments.some(isSensitiveField), read };
  });
  // The key of each combination of scalar values is kept, in maps nested by value (one level a
  // path): the reader hands the same string for the same head value, so a repeat costs a few
  // lookups of already hashed strings instead of new JSON and a new key string to hash.
  let cache = new Map<unknown, unknown>();
  let cached = 0;
  const current: unknown[] = [];
  const last = parsed.length - 1;
  /** The key of the values in `current` (JSON of each, joined), kept for a combination of scalars. */
  const build = (scalars: boolean): string => {
    let key = '';
    for (let i = 0; i < parsed.length; i++) {
      const value = current[i];
      const text = JSON.stringify(
        (parsed[i] as (typeof parsed)[number]).secret && value !== null ? REDACTED : redactSensitiveFields(value)
      );
      key = i === 0 ? text : `${key}|${text}`;
    }
    if (scalars) {
      if (cached >= MAX_CACHED_KEYS) {
        cache = new Map();
        cached = 0;
      }
      let into: Map<unknown, unknown> = cache;
      for (let i = 0; i < last; i++) {
        let next = into.get(current[i]) as Map<unknown, unknown> | undefined;
        if (next === undefined) {
          next = new Map();
          into.set(current[i], next);
        }
        into = next;
      }
      // The same string for the same values: grouping hashes it once.
      into.set(current[last], key);
      cached++;
    }
    return key;
  };
  const [first, second] = parsed;
  const readFirst = first?.read;
  const readSecond = second?.read;
  if (parsed.length === 2 && readFirst !== undefined && readSecond !== undefined) {
    // Two fields of the reader's head (the pack's usual account and principal): two named reads
    // and two lookups per match, no loop over the paths.
    return (access) => {
      const a = readFirst(access) ?? null;
      const b = readSecond(access) ?? null;
      const scalars = (a === null || typeof a !== 'object') && (b === null || typeof b !== 'object');
      if (scalars) {
        const hit = (cache.get(a) as Map<unknown, unknown> | undefined)?.get(b);
        if (hit !== undefined) return hit as string;
      }
      current[0] = a;
      current[1] = b;
      return build(scalars);
    };
  }
  return (access) => {
    let scalars = true;
    for (let i = 0; i < parsed.length; i++) {
      const { segments, read } = parsed[i] as (typeof parsed)[number];
      const value = (read === undefined ? access.path(segments) : read(access)) ?? null;
      current[i] = value;
      if (value !== null && typeof value === 'object') scalars = false;
    }
    let level: Map<unknown, unknown> | undefined = cache;
    if (scalars) {
      for (let i = 0; level !== undefined && i < last; i++) level = level.get(current[i]) as typeof level;
      const hit = level?.get(current[last]);
      if (hit !== undefined) return hit as string;
    }
    return build(scalars);
  };
};

/** Dedup keys each rule keeps (see dedupFromPaths), at most. */
const MAX_CACHED_KEYS = 10_000;

/**
 * The dedup key of a first-seen match: its entity and key, so each new key opens its own incident.
 * @param entity - whose behaviour
 * @param key - what was seen
 */
export const firstSeenDedupKey = (entity: string, key: string): string => `${entity}|${key}`;

/** Checks a severity value. */
export const isSeverity = (value: unknown): value is Severity => SEVERITIES.includes(value as Severity);

/**
 * Reads window and threshold settings.
 * @throws RuleLoadError when a duration or count is malformed
 */
export const compileGrouping = (
  threshold: Threshold | undefined,
  window: Duration | undefined,
  fail: Fail,
  quiet?: Duration
): Pick<CompiledRule, 'threshold' | 'windowMs' | 'quietMs'> => {
  const quietMs = quiet === undefined ? undefined : parseDuration(quiet);
  if (quiet !== undefined && (quietMs === undefined || quietMs <= 0))
    throw fail('quiet', `quiet ${JSON.stringify(quiet)} is not a duration such as 6h or 7d`);
  const windowMs = window === undefined ? DEFAULT_WINDOW_MS : parseDuration(window);
  if (windowMs === undefined)
    throw fail('window', `window ${JSON.stringify(window)} is not a duration such as 30m, 1h or 1d`);
  if (threshold === undefined) return { windowMs, ...(quietMs !== undefined && { quietMs }) };
  if (typeof threshold !== 'object' || threshold === null || Array.isArray(threshold))
    throw fail('threshold', 'threshold must be a mapping { count, window }');
  if (!Number.isInteger(threshold.count) || threshold.count < 1)
    throw fail(['threshold', 'count'], 'threshold.count must be a positive integer');
  const thresholdWindow =
    threshold.window === undefined ? DEFAULT_THRESHOLD_WINDOW_MS : parseDuration(threshold.window);
  if (thresholdWindow === undefined)
    throw fail(
      ['threshold', 'window'],
      `threshold.window ${JSON.stringify(threshold.window)} is not a duration such as 5m or 1h`
    );
  const distinct = compileDistinct(threshold.distinct, fail);
  return threshold.count === 1 && distinct === undefined
    ? { windowMs, ...(quietMs !== undefined && { quietMs }) }
    : {
        windowMs,
        threshold: { count: threshold.count, windowMs: thresholdWindow, ...(distinct ? { distinct } : {}) },
        ...(quietMs !== undefined && { quietMs }),
      };
};

/** A field's value as counted text: scalars as text, lists and objects as JSON. */
const distinctText = (value: unknown): string => scalarText(value) ?? JSON.stringify(value);

/**
 * Reads `threshold.distinct`: one field path or a list of them.
 * @throws RuleLoadError when it is neither
 */
const compileDistinct = (
  distinct: Threshold['distinct'],
  fail: Fail
): NonNullable<NonNullable<CompiledRule['threshold']>['distinct']> | undefined => {
  if (distinct === undefined) return undefined;
  const paths = typeof distinct === 'string' ? [distinct] : distinct;
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== 'string' || p === ''))
    throw fail(['threshold', 'distinct'], 'threshold.distinct must be a field path or a list of field paths');
  const parsed = paths.map((path: string) => parseFieldPath(path));
  // Head fields read by name (headReader), any other path through the record.
  const heads = parsed.map((path) => headReader(path));
  const reads = parsed.map((path, i) => heads[i] ?? ((access: RecordAccess) => access.path(path)));
  // One field the reader's head carries (`eventName`): its string is looked up by itself, with
  // no attempt to read it from the raw bytes (appendRawString refuses head fields).
  const onlyHead = parsed.length === 1 ? heads[0] : undefined;
  return {
    paths: [...paths],
    value: (access) => {
      // Every path is read even after an absent one, as a rule's reads always were.
      let text = '';
      let absent = false;
      for (let i = 0; i < parsed.length; i++) {
        const value = (reads[i] as (access: RecordAccess) => unknown)(access);
        if (value === undefined || value === null) absent = true;
        else if (!absent) text = i === 0 ? distinctText(value) : `${text}\u0000${distinctText(value)}`;
      }
      return absent ? undefined : text;
    },
    id: (access, values) => {
      if (onlyHead !== undefined) {
        const value = onlyHead(access);
        if (value === undefined || value === null) return -1;
        return values.idOfText(typeof value === 'string' ? value : distinctText(value), UNITS);
      }
      if (parsed.length === 1) {
        // One field: a string read as a string (a head field) is looked up by itself.
        const path = parsed[0] as FieldPath;
        UNITS.length = 0;
        if (access.appendRawString(path, UNITS)) return values.idOf(UNITS.units, UNITS.length);
        const value = (reads[0] as (access: RecordAccess) => unknown)(access);
        if (value === undefined || value === null) return -1;
        return values.idOfText(distinctText(value), UNITS);
      }
      // The units of `value`'s text (joined by U+0000), plain strings read from the raw bytes.
      const into = UNITS;
      into.length = 0;
      let absent = false;
      for (let i = 0; i < parsed.length; i++) {
        const path = parsed[i] as FieldPath;
        if (!absent) {
          const from = into.length;
          if (i > 0) into.pushText('\u0000');
          if (access.appendRawString(path, into)) continue;
          into.length = from;
        }
        const value = (reads[i] as (access: RecordAccess) => unknown)(access);
        if (value === undefined || value === null) absent = true;
        else if (!absent) {
          if (i > 0) into.pushText('\u0000');
          into.pushText(distinctText(value));
        }
      }
      return absent ? -1 : values.idOf(into.units, into.length);
    },
  };
};

/** The units of the value being counted (counting is synchronous: one buffer serves every rule). */
const UNITS = new UnitBuffer();

/**
 * Checks the descriptive fields shared by every rule form.
 * @throws RuleLoadError naming the first bad field
 */
export const checkMeta = (
  raw: Record<string, unknown>,
  fail: Fail
): Omit<RuleMeta, 'form' | 'file' | 'line' | 'warnings' | 'sigma'> => {
  const { id, title, description, severity, tags = [], references = [] } = raw;
  if (typeof id !== 'string' || !RULE_ID.test(id))
    throw fail('id', `id must be kebab-case (a-z, 0-9, '-'), got ${JSON.stringify(id)}`);
  if (typeof title !== 'string' || title.trim() === '') throw fail('title', 'title is required, as non-empty text');
  if (description !== undefined && typeof description !== 'string')
    throw fail('description', 'description must be text');
  if (!isSeverity(severity))
    throw fail('severity', `severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
  const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!isStrings(tags)) throw fail('tags', 'tags must be a list of strings');
  if (!isStrings(references)) throw fail('references', 'references must be a list of URLs');
  return {
    id,
    title,
    description: (description as string | undefined) ?? '',
    severity,
    tags: tags as string[],
    references: references as string[],
  };
};

const asList = (v: string | readonly string[] | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? [v] : v;

/**
 * The scope part of a condition: the rule's event sources and API names.
 * @param sources - event sources, if the rule restricts them
 * @param names - API names, if the rule restricts them
 */
export const scopeCondition = (sources?: string | readonly string[], names?: readonly string[]): Condition => {
  const s = asList(sources);
  return and(s ? eventSourceIs(s) : TRUE, names ? eventNameIs(names) : TRUE);
};

/** Every field path a condition's leaves read. */
const fieldPathsOf = (condition: Condition): FieldPath[] =>
  condition.kind === 'leaf'
    ? [...condition.paths]
    : condition.kind === 'const'
      ? []
      : condition.kind === 'not'
        ? fieldPathsOf(condition.of)
        : condition.of.flatMap(fieldPathsOf);

/**
 * Compiles a CloudWatch Logs filter pattern, reporting errors at the rule's `pattern` key.
 * @throws RuleLoadError with the column of the problem, or naming a selector no CloudTrail record has
 */
export const compilePatternAt = (
  pattern: string,
  fail: Fail,
  where: string | readonly (string | number)[] = 'pattern'
): Condition => {
  let condition: Condition;
  try {
    condition = compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError)
      throw fail(where, `invalid filter pattern: ${error.message}`, { cause: error });
    throw error;
  }
  for (const path of fieldPathsOf(condition)) {
    const problem = unknownFieldProblem(path, `$.${path.join('.')}`);
    if (problem !== undefined) throw fail(where, problem);
  }
  return condition;
};

/**
 * Turns a built-in TypeScript rule into a compiled rule.
 * @param definition - the module's `rule` export
 * @param file - where it came from (for errors and `rules list`)
 * @throws RuleLoadError when the definition is malformed
 */
export const compileDefinition = (definition: RuleDefinition, file = 'builtin'): CompiledRule => {
  const fail: Fail = (where, reason, options) =>
    new RuleLoadError(
      file,
      undefined,
      `rule ${JSON.stringify(definition.id)}: ${Array.isArray(where) ? where.join('.') : where}: ${reason}`,
      options
    );
  const meta = checkMeta(definition as unknown as Record<string, unknown>, fail);
  let body: Condition = TRUE;
  if (definition.pattern !== undefined) body = compilePatternAt(definition.pattern, fail);
  if (definition.match) {
    const leaf: Leaf = {
      kind: 'leaf',
      paths: [[]],
      // The rule's own function, called with the record alone: no wrapper call per record.
      test: definition.match as (record: unknown) => boolean,
      readsProperties: true,
      describe: `match() of ${definition.id}`,
    };
    // With a pattern too, the match runs first (the pattern holds wherever the match does, so it
    // never decides a record alone): the engine folds the pattern per (eventSource, eventName),
    // skips the rule without a call when a head field the pattern needs is absent, and drops the
    // rule where a pattern on the IP context cannot hold (no enricher).
    body = and(leaf, body);
  }
  const condition = and(scopeCondition(definition.eventSource, definition.eventNames), body);
  const dedup = definition.dedup;
  const severityFor = definition.severityFor;
  if (severityFor !== undefined && typeof severityFor !== 'function')
    throw fail('severityFor', 'severityFor must be a function of (record, context)');
  const firstSeen = definition.firstSeen;
  if (
    firstSeen !== undefined &&
    (typeof firstSeen.entity !== 'function' ||
      typeof firstSeen.key !== 'function' ||
      (firstSeen.newEntity !== 'alert' && firstSeen.newEntity !== 'learn'))
  )
    throw fail('firstSeen', "firstSeen needs entity and key functions of the record and newEntity 'alert' or 'learn'");
  if (firstSeen !== undefined && (definition.threshold !== undefined || dedup !== undefined))
    throw fail('firstSeen', 'a first-seen rule groups by its entity and key: give no threshold or dedup');
  return {
    meta: {
      ...meta,
      form: definition.pattern !== undefined && !definition.match ? 'pattern' : 'typescript',
      file,
      warnings: [],
    },
    condition,
    dedupKey: firstSeen
      ? (access) => firstSeenDedupKey(firstSeen.entity(access.fields()) ?? '', firstSeen.key(access.fields()) ?? '')
      : dedup === undefined
        ? defaultDedupKey
        : typeof dedup === 'function'
          ? (access) => dedup(access.fields())
          : dedupFromPaths(dedup),
    ...(severityFor ? { severityFor: (access, context) => severityFor(access.fields(), context) } : {}),
    ...(firstSeen
      ? {
          firstSeen: {
            entity: (access) => firstSeen.entity(access.fields()),
            key: (access) => firstSeen.key(access.fields()),
            newEntity: firstSeen.newEntity,
          },
        }
      : {}),
    ...compileGrouping(definition.threshold, definition.window, fail, definition.quiet),
  };
};
