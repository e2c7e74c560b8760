import { apiName } from './api-name.js';
import { HEAD_FIELDS } from '../constants.js';
import { CONTEXT_FIELD } from '../../model/ip-context.js';
import type { FieldPath } from './field-path.js';
import { headReader } from './record-access.js';

/**
 * One field test. `test` receives the resolved value of each path (`undefined` when absent;
 * the empty path is the whole record) and decides; each rule form builds its own tests with
 * its own semantics (Sigma's case-insensitive strings, CloudWatch's `!=`, …).
 */
export type Leaf = {
  kind: 'leaf';
  paths: readonly FieldPath[];
  test: (...values: unknown[]) => boolean;
  /** Set when the leaf matches exactly these strings of its one field: lets the engine index it. */
  equals?: { values: readonly string[]; byApiName?: boolean; ignoreCase?: boolean };
  /**
   * Set when the leaf's one path is the whole record (`[]`) and its test only reads the record's
   * properties (never enumerates it): the engine then hands it the record's cheaper
   * property-read form (MatchInput.fields).
   */
  readsProperties?: boolean;
  /** Human-readable form, for diagnostics and `rules list`. */
  describe: string;
};

/** The form-independent condition every rule compiles to. */
export type Condition =
  | { kind: 'const'; value: boolean }
  | { kind: 'and'; of: readonly Condition[] }
  | { kind: 'or'; of: readonly Condition[] }
  | { kind: 'not'; of: Condition }
  | Leaf;

/** The condition that always holds. */
export const TRUE: Condition = { kind: 'const', value: true };
/** The condition that never holds. */
export const FALSE: Condition = { kind: 'const', value: false };

/** Joins conditions with AND, dropping constant-true parts. */
export const and = (...of: Condition[]): Condition => {
  const parts = of.filter((c) => !(c.kind === 'const' && c.value));
  if (parts.some((c) => c.kind === 'const' && !c.value)) return FALSE;
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? (parts[0] as Condition) : { kind: 'and', of: parts };
};

/** Joins conditions with OR, dropping constant-false parts. */
export const or = (...of: Condition[]): Condition => {
  const parts = of.filter((c) => !(c.kind === 'const' && !c.value));
  if (parts.some((c) => c.kind === 'const' && c.value)) return TRUE;
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? (parts[0] as Condition) : { kind: 'or', of: parts };
};

/** Negates a condition. */
export const not = (of: Condition): Condition =>
  of.kind === 'const' ? { kind: 'const', value: !of.value } : of.kind === 'not' ? of.of : { kind: 'not', of };

/**
 * A leaf that matches when `eventName`, stripped of Lambda's version suffix, is one of `names`
 * (exact case): the one way rules name APIs.
 */
export const eventNameIs = (names: readonly string[]): Leaf => {
  const wanted = new Set(names.map(apiName));
  return {
    kind: 'leaf',
    paths: [['eventName']],
    test: (value) => typeof value === 'string' && wanted.has(apiName(value)),
    equals: { values: [...wanted], byApiName: true },
    describe: `eventName in API names [${[...wanted].join(', ')}]`,
  };
};

/** A leaf that matches when `eventSource` is one of `sources` (exact). */
export const eventSourceIs = (sources: readonly string[]): Leaf => {
  const wanted = new Set(sources);
  return {
    kind: 'leaf',
    paths: [['eventSource']],
    test: (value) => typeof value === 'string' && wanted.has(value),
    equals: { values: [...wanted] },
    describe: `eventSource in [${[...wanted].join(', ')}]`,
  };
};

/** Field values that are known in advance (the eventSource and eventName of an index slot). */
export type KnownFields = ReadonlyMap<string, unknown>;

/**
 * Replaces the leaves whose fields are all known by their result and simplifies. The engine
 * folds every rule once per (eventSource, eventName) pair it meets, so the per-record work is
 * only what is left.
 * @param condition - the rule's condition
 * @param known - known values by top-level field name
 * @returns an equivalent, simpler condition (a constant when decided)
 */
export const fold = (condition: Condition, known: KnownFields): Condition => {
  switch (condition.kind) {
    case 'const':
      return condition;
    case 'and':
      return and(...condition.of.map((c) => fold(c, known)));
    case 'or':
      return or(...condition.of.map((c) => fold(c, known)));
    case 'not':
      return not(fold(condition.of, known));
    case 'leaf': {
      const keys = condition.paths.map((p) => (p.length === 1 ? (p[0] as string) : undefined));
      if (keys.some((k) => k === undefined || !known.has(k))) return condition;
      return { kind: 'const', value: condition.test(...keys.map((k) => known.get(k as string))) };
    }
  }
};

/** What the engine indexes a rule by: each set is `undefined` when the rule does not restrict it. */
export type IndexKeys = { apiNames?: ReadonlySet<string>; sources?: ReadonlySet<string> };

const intersect = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) =>
  a === undefined ? b : b === undefined ? a : new Set([...a].filter((x) => b.has(x)));

/**
 * Which lower-cased API names and event sources a record must have for the condition to hold.
 * Conservative: a returned set is a superset of what can match; `undefined` means any.
 * @param condition - a rule's condition
 * @returns the keys to index the rule under
 */
export const indexKeysOf = (condition: Condition): IndexKeys => {
  switch (condition.kind) {
    case 'const':
      return condition.value ? {} : { apiNames: new Set(), sources: new Set() };
    case 'not':
      return {};
    case 'leaf': {
      const path = condition.paths.length === 1 ? condition.paths[0] : undefined;
      if (!condition.equals || !path || path.length !== 1) return {};
      const lowered = new Set(condition.equals.values.map((v) => v.toLowerCase()));
      if (path[0] === 'eventName') return { apiNames: new Set([...lowered].map(apiName)) };
      if (path[0] === 'eventSource') return { sources: lowered };
      return {};
    }
    case 'and':
      return condition.of.map(indexKeysOf).reduce<IndexKeys>(
        (acc, keys) => ({
          apiNames: intersect(acc.apiNames, keys.apiNames),
          sources: intersect(acc.sources, keys.sources),
        }),
        {}
      );
    case 'or': {
      const parts = condition.of.map(indexKeysOf);
      const union = (pick: (k: IndexKeys) => ReadonlySet<string> | undefined) =>
        parts.every((p) => pick(p) !== undefined)
          ? new Set(parts.flatMap((p) => [...(pick(p) as ReadonlySet<string>)]))
          : undefined;
      return { apiNames: union((k) => k.apiNames), sources: union((k) => k.sources) };
    }
  }
};

/**
 * What a compiled condition reads from: the head fields, and any other path on demand
 * (RecordAccess decodes just that field, or parses the record).
 */
export type MatchInput = {
  readonly head: Readonly<Record<string, unknown>>;
  /** Whether the record has raw bytes, so the head's `userIdentity*` fields hold (RecordAccess.hasBytes). */
  readonly hasBytes?: boolean;
  /** The value at a path (the empty path is the whole record). */
  path(path: FieldPath): unknown;
  /** Raw-bytes equality of the string at a path, when that can be told without decoding. */
  stringEquals?(path: FieldPath, values: readonly string[]): boolean | undefined;
  /** The whole record for property reads only (see Leaf.readsProperties); the empty path's value when absent. */
  fields?(): unknown;
};

const ASCII = /^[\x20-\x7e]*$/;

/** A condition turned into a function of one record. */
export type Matcher = (input: MatchInput) => boolean;

const reader = (path: FieldPath): ((input: MatchInput) => unknown) => headReader(path) ?? ((input) => input.path(path));

/**
 * Compiles a condition into a closure tree. Head fields are read from the view's head, other
 * fields through the input, so a record is decoded only as far as a test needs.
 * @param condition - the (folded) condition
 * @returns the matcher
 */
export const compileCondition = (condition: Condition): Matcher => compileNode(condition, true);

/** The most head fields a remembered condition reads (see {@link rememberAnswers}). */
const MAX_REMEMBERED_FIELDS = 6;

/** The most answers a remembered condition keeps (then it starts over). */
const MAX_REMEMBERED_ANSWERS = 4096;

/**
 * The head paths a condition reads, each once, when every leaf reads one head path (see
 * {@link headReader}) and nothing else; undefined otherwise.
 */
const headPathsOf = (condition: Condition): FieldPath[] | undefined => {
  const paths = new Map<string, FieldPath>();
  const walk = (c: Condition): boolean => {
    switch (c.kind) {
      case 'const':
        return true;
      case 'and':
      case 'or':
        return c.of.every(walk);
      case 'not':
        return walk(c.of);
      case 'leaf': {
        const [path] = c.paths;
        if (c.paths.length !== 1 || path === undefined || headReader(path) === undefined) return false;
        paths.set(path.join('.'), path);
        return true;
      }
    }
  };
  return walk(condition) ? [...paths.values()] : undefined;
};

/** How many leaves a condition has. */
const leafCount = (condition: Condition): number =>
  condition.kind === 'leaf'
    ? 1
    : condition.kind === 'const'
      ? 0
      : condition.kind === 'not'
        ? leafCount(condition.of)
        : condition.of.reduce((n, c) => n + leafCount(c), 0);

/**
 * The head paths that vary most from caller to caller, most first: a remembered condition files
 * its answers under the first of them it reads.
 */
const VARIED_PATHS = ['userIdentity.arn', 'userAgent', 'userIdentity.accessKeyId', 'sourceIPAddress'];

/**
 * A matcher of head fields only that remembers its last answer for each value of its most varied
 * field (see VARIED_PATHS), with the values of the other fields it was given: a record whose
 * values were seen last with that value (the reader hands the same string for the same head
 * value, and a file's calls come from a few callers, each with its own agent and identity) is
 * answered by one lookup of an already hashed string and a comparison of each other value,
 * without running each leaf's test again (globs over the user agent and the ARN, …). Every
 * leaf test is a function of its field's value alone, so equal values give the same answer.
 * @param paths - the head paths the condition reads
 * @param inner - the condition's matcher
 */
const rememberAnswers = (paths: readonly FieldPath[], inner: Matcher): Matcher => {
  const names = paths.map((path) => path.join('.'));
  const varied = VARIED_PATHS.find((name) => names.includes(name));
  const keyAt = varied === undefined ? 0 : names.indexOf(varied);
  const readKey = headReader(paths[keyAt] as FieldPath) as (input: MatchInput) => unknown;
  const reads = paths.filter((_, i) => i !== keyAt).map((path) => headReader(path) as (input: MatchInput) => unknown);
  const count = reads.length;
  /** By key value: the other fields' values, then the answer. */
  let answers = new Map<unknown, unknown[]>();
  return (input) => {
    const key = readKey(input);
    let entry = answers.get(key);
    if (entry !== undefined) {
      let same = true;
      for (let i = 0; i < count && same; i++) same = (reads[i] as (input: MatchInput) => unknown)(input) === entry[i];
      if (same) return entry[count] as boolean;
    }
    const answer = inner(input);
    if (entry === undefined) {
      if (answers.size >= MAX_REMEMBERED_ANSWERS) answers = new Map();
      entry = new Array<unknown>(count + 1);
      answers.set(key, entry);
    }
    for (let i = 0; i < count; i++) entry[i] = (reads[i] as (input: MatchInput) => unknown)(input);
    entry[count] = answer;
    return answer;
  };
};

/**
 * {@link compileCondition}; with `remember`, a part of three or more leaves that reads only a few
 * head fields is compiled as {@link rememberAnswers} (its own parts then plainly).
 */
const compileNode = (condition: Condition, remember: boolean): Matcher => {
  if (remember && (condition.kind === 'and' || condition.kind === 'or' || condition.kind === 'not')) {
    const paths = leafCount(condition) >= 3 ? headPathsOf(condition) : undefined;
    if (paths !== undefined && paths.length > 0 && paths.length <= MAX_REMEMBERED_FIELDS)
      return rememberAnswers(paths, compileNode(condition, false));
  }
  const compileCondition = (c: Condition): Matcher => compileNode(c, remember);
  switch (condition.kind) {
    case 'const': {
      const value = condition.value;
      return () => value;
    }
    case 'and': {
      const parts = condition.of.map(compileCondition);
      // Two or three parts (most rules) as one expression: no loop over the parts per record.
      const [a, b, c] = parts as [Matcher, Matcher, Matcher];
      if (parts.length === 2) return (input) => a(input) && b(input);
      if (parts.length === 3) return (input) => a(input) && b(input) && c(input);
      return (input) => {
        for (let i = 0; i < parts.length; i++) if (!(parts[i] as Matcher)(input)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = condition.of.map(compileCondition);
      const [a, b, c] = parts as [Matcher, Matcher, Matcher];
      if (parts.length === 2) return (input) => a(input) || b(input);
      if (parts.length === 3) return (input) => a(input) || b(input) || c(input);
      return (input) => {
        for (let i = 0; i < parts.length; i++) if ((parts[i] as Matcher)(input)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.of);
      return (input) => !inner(input);
    }
    case 'leaf': {
      const test = condition.test;
      const eq = condition.equals;
      const only = condition.paths[0];
      if (
        eq &&
        !eq.ignoreCase &&
        !eq.byApiName &&
        condition.paths.length === 1 &&
        only &&
        only.length > 0 &&
        !(only.length === 1 && HEAD_FIELDS.has(only[0] as string)) &&
        // The virtual context is never in the raw bytes: read it straight.
        only[0] !== CONTEXT_FIELD &&
        only.every((s) => !/^\d+$/.test(s)) &&
        eq.values.every((v) => ASCII.test(v) && !v.includes('"') && !v.includes('\\'))
      ) {
        // Exact string equality on a field outside the head: compare the raw bytes, decode only
        // when that cannot decide (not a plain string, absent, no raw bytes).
        const values = eq.values;
        return (input) => input.stringEquals?.(only, values) ?? test(input.path(only));
      }
      if (condition.readsProperties && condition.paths.length === 1 && only?.length === 0)
        return (input) => test(input.fields ? input.fields() : input.path(only));
      const readers = condition.paths.map(reader);
      if (readers.length === 1) {
        const read = readers[0] as (input: MatchInput) => unknown;
        return (input) => test(read(input));
      }
      return (input) => test(...readers.map((read) => read(input)));
    }
  }
};

/** Renders a condition for humans (`rules list --verbose`, error messages). */
export const describeCondition = (condition: Condition): string => {
  switch (condition.kind) {
    case 'const':
      return String(condition.value);
    case 'and':
      return `(${condition.of.map(describeCondition).join(' AND ')})`;
    case 'or':
      return `(${condition.of.map(describeCondition).join(' OR ')})`;
    case 'not':
      return `NOT ${describeCondition(condition.of)}`;
    case 'leaf':
      return condition.describe;
  }
};

/**
 * Rebuilds a condition with every leaf replaced by `replace(leaf)`, simplifying constants.
 * @param condition - the condition
 * @param replace - returns the leaf itself or its substitute
 */
export const mapLeaves = (condition: Condition, replace: (leaf: Leaf) => Condition): Condition => {
  switch (condition.kind) {
    case 'const':
      return condition;
    case 'and':
      return and(...condition.of.map((c) => mapLeaves(c, replace)));
    case 'or':
      return or(...condition.of.map((c) => mapLeaves(c, replace)));
    case 'not':
      return not(mapLeaves(condition.of, replace));
    case 'leaf':
      return replace(condition);
  }
};

/**
 * Fields that must be present for the condition to hold: a leaf on one field whose test fails
 * on an absent value needs that field; AND needs what any part needs, OR what every part needs.
 * The engine checks these against the record's head before running the rule, so a rule like
 * CIS CloudWatch.2 (`errorCode = …`) costs next to nothing on the calls that did not fail.
 * @param condition - a compiled condition (after folding)
 * @returns field paths, each once
 */
export const requiredPaths = (condition: Condition): FieldPath[] => {
  const key = (path: FieldPath): string => path.join('\u0000');
  switch (condition.kind) {
    case 'const':
    case 'not':
      return [];
    case 'leaf': {
      const [path] = condition.paths;
      if (condition.paths.length !== 1 || path === undefined || path.length === 0) return [];
      try {
        return condition.test(undefined) ? [] : [path];
      } catch {
        return [];
      }
    }
    case 'and': {
      const all = new Map<string, FieldPath>();
      for (const part of condition.of) for (const path of requiredPaths(part)) all.set(key(path), path);
      return [...all.values()];
    }
    case 'or': {
      const [first, ...rest] = condition.of.map(requiredPaths);
      if (first === undefined) return [];
      return first.filter((path) => rest.every((other) => other.some((p) => key(p) === key(path))));
    }
  }
};
