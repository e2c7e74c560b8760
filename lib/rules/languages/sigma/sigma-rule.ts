import { basename, extname } from 'node:path';
import type { Severity } from '../../../model/alert.js';
import { ipInCidr, parseCidr } from '../../engine/cidr.js';
import { compileRegex } from '../../engine/compile-regex.js';
import { and, type Condition, type Leaf, mapLeaves, not, or } from '../../engine/condition.js';
import { defaultDedupKey } from '../../engine/compile-rule.js';
import { CLOUDTRAIL_FIELDS, DEFAULT_WINDOW_MS } from '../../constants.js';
import { type FieldPath, parseFieldPath, scalarLeaves, scalarText } from '../../engine/field-path.js';
import { compileGlob, hasWildcard } from '../../engine/glob.js';
import { compileSigmaCondition, SigmaConditionError } from './sigma-condition.js';
import {
  SIGMA_MODIFIERS,
  SigmaModifierError,
  TIME_MODIFIERS,
  TRANSFORM_MODIFIERS,
  timePart,
  transformValue,
} from './sigma-modifiers.js';
import type { CompiledRule, Refusal, SigmaLogsource } from '../../types.js';
import type { YamlDocument, YamlPath } from '../yaml/yaml-file.js';

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

const MATCH_MODIFIERS = ['contains', 'startswith', 'endswith'] as const;
const NUMERIC_MODIFIERS = ['gt', 'gte', 'lt', 'lte'] as const;

const numericTest = (modifier: string, n: number): ((a: number) => boolean) =>
  ({
    gt: (a: number) => a > n,
    gte: (a: number) => a >= n,
    lt: (a: number) => a < n,
    lte: (a: number) => a <= n,
  })[modifier] ?? ((a: number) => a === n);

/** Thrown inside the loader when a valid Sigma rule uses what trailwatch does not run. */
class Refuse extends Error {
  readonly path: YamlPath;
  constructor(path: YamlPath, reason: string) {
    super(reason);
    this.path = path;
  }
}

/** The outcome of loading one Sigma file: a rule, or a refusal with its reason. */
export type SigmaLoad = { rule: CompiledRule; refusal?: undefined } | { rule?: undefined; refusal: Refusal };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a Sigma document is (https://sigmahq.io/docs/): a rule, a filter, a correlation, or a collection's `action:` document. */
export type SigmaDocumentKind = 'rule' | 'filter' | 'correlation' | 'action';

/**
 * What kind of Sigma document a YAML document is, so a rule folder can mix forms: a rule has
 * `logsource` and `detection`, a filter `logsource` and `filter`, a correlation `correlation`,
 * and a collection's control document `action: global | reset | repeat`.
 * @param value - the document as plain values
 * @returns the kind, or `undefined` when the document is not Sigma
 */
export const sigmaDocumentKind = (value: unknown): SigmaDocumentKind | undefined => {
  if (!isPlainObject(value)) return undefined;
  if ('correlation' in value) return 'correlation';
  if ('logsource' in value && 'detection' in value) return 'rule';
  if ('logsource' in value && 'filter' in value) return 'filter';
  if (value.action === 'global' || value.action === 'reset' || value.action === 'repeat') return 'action';
  return undefined;
};

/** A `logsource` as the lower-case text of its category, product and service (those present). */
export const sigmaLogsource = (logsource: Record<string, unknown>): SigmaLogsource => {
  const out: SigmaLogsource = {};
  for (const key of ['category', 'product', 'service'] as const) {
    const value = logsource[key];
    if (value !== undefined && value !== null) out[key] = String(value).toLowerCase();
  }
  return out;
};

/** The trailwatch id of a Sigma file: `sigma-` and the file name in kebab-case. */
export const sigmaRuleId = (file: string): string =>
  `sigma-${basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

type ValueMatcher = { test: (candidate: unknown) => boolean; describe: string; exact?: string };

/** One value under Sigma's rules: case-insensitive unless `cased`, `*`/`?` wildcards, `\` escapes. */
const valueMatcher = (value: unknown, mods: ReadonlySet<string>, path: YamlPath): ValueMatcher => {
  const cased = mods.has('cased');
  if (mods.has('re')) {
    if (typeof value !== 'string') throw new Refuse(path, '|re needs a string value');
    let test: (s: string) => boolean;
    try {
      test = compileRegex(value, { ignoreCase: mods.has('i'), multiline: mods.has('m'), dotAll: mods.has('s') });
    } catch (error) {
      throw new Refuse(
        path,
        `regex ${JSON.stringify(value)} cannot run on RE2 (linear-time engine): ${(error as Error).message}`
      );
    }
    return {
      test: (c) => {
        const t = scalarText(c);
        return t !== undefined && test(t);
      },
      describe: `matches /${value}/`,
    };
  }
  if (mods.has('cidr')) {
    const block = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!block) throw new Refuse(path, `|cidr value ${JSON.stringify(value)} is not a CIDR block`);
    return { test: (c) => typeof c === 'string' && ipInCidr(c, block), describe: `in ${value}` };
  }
  const numeric = NUMERIC_MODIFIERS.find((m) => mods.has(m));
  const part = [...TIME_MODIFIERS].find((m) => mods.has(m));
  if (part) {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isInteger(n)) throw new Refuse(path, `|${part} needs a whole number, got ${JSON.stringify(value)}`);
    const cmp = numericTest(numeric ?? 'eq', n);
    return {
      test: (c) => {
        const p = timePart(part, c);
        return p !== undefined && cmp(p);
      },
      describe: `${part} ${numeric ?? '='} ${n}`,
    };
  }
  if (numeric) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw new Refuse(path, `|${numeric} needs a number, got ${JSON.stringify(value)}`);
    const cmp = numericTest(numeric, n);
    return {
      test: (c) => {
        const x = typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : Number.NaN;
        return Number.isFinite(x) && cmp(x);
      },
      describe: `${numeric} ${n}`,
    };
  }
  if (typeof value === 'number' && !mods.has('contains') && !mods.has('startswith') && !mods.has('endswith')) {
    return {
      test: (c) =>
        typeof c === 'number' ? c === value : typeof c === 'string' && c.trim() !== '' && Number(c) === value,
      describe: `= ${value}`,
    };
  }
  if (typeof value === 'boolean') {
    return {
      test: (c) => c === value || (typeof c === 'string' && c.toLowerCase() === String(value)),
      describe: `= ${value}`,
    };
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Refuse(path, `value ${JSON.stringify(value)} is neither text, number, boolean nor null`);
  const text = String(value);
  const glob = mods.has('contains')
    ? `*${text}*`
    : mods.has('startswith')
      ? `${text}*`
      : mods.has('endswith')
        ? `*${text}`
        : text;
  const test = compileGlob(glob, { ignoreCase: !cased, questionMark: true, escapes: true });
  const plain = glob === text && !hasWildcard(text, { questionMark: true, escapes: true });
  return {
    test: (c) => {
      const t = scalarText(c);
      return t !== undefined && test(t);
    },
    describe: `${mods.has('contains') ? 'contains ' : mods.has('startswith') ? 'starts with ' : mods.has('endswith') ? 'ends with ' : '= '}${JSON.stringify(text)}`,
    ...(plain ? { exact: text } : {}),
  };
};

/** Checks a field's modifier chain against the specification; returns the modifiers as a set. */
const checkModifiers = (modList: readonly string[], raw: unknown, path: YamlPath): Set<string> => {
  const outside = modList.filter((m) => !SIGMA_MODIFIERS.has(m));
  if (outside.length > 0)
    throw new Refuse(
      path,
      `modifier |${outside.join('|')} is not in the Sigma specification (modifiers: ${[...SIGMA_MODIFIERS].join(', ')})`
    );
  const mods = new Set(modList);
  if ((mods.has('i') || mods.has('m') || mods.has('s')) && !mods.has('re'))
    throw new Refuse(path, 'modifiers |i, |m and |s apply to |re only');
  if (mods.has('expand'))
    throw new Refuse(
      path,
      '|expand placeholders take their values from a processing pipeline, which trailwatch does not have (the Sigma specification asks such tools to reject the rule)'
    );
  const exclusive = [
    MATCH_MODIFIERS.filter((m) => mods.has(m)),
    NUMERIC_MODIFIERS.filter((m) => mods.has(m)),
    [...TIME_MODIFIERS].filter((m) => mods.has(m)),
    ['re', 'cidr', 'exists', 'fieldref'].filter((m) => mods.has(m)),
  ];
  for (const group of exclusive)
    if (group.length > 1) throw new Refuse(path, `modifiers |${group.join(' and |')} exclude each other`);
  const typed = ['re', 'cidr', 'exists', ...NUMERIC_MODIFIERS, ...TIME_MODIFIERS].filter((m) => mods.has(m));
  const transforms = modList.filter((m) => TRANSFORM_MODIFIERS.has(m));
  if (transforms.length > 0 && (typed.length > 0 || mods.has('fieldref')))
    throw new Refuse(
      path,
      `|${transforms[0]} transforms text values and cannot be combined with |${typed[0] ?? 'fieldref'}`
    );
  const match = MATCH_MODIFIERS.find((m) => mods.has(m));
  if (match && typed.length > 0) throw new Refuse(path, `|${match} cannot be combined with |${typed[0]}`);
  if (mods.has('all') && !(Array.isArray(raw) && raw.length >= 2))
    throw new Refuse(
      path,
      '|all needs a list of two or more values (the Sigma specification forbids it on a single value)'
    );
  return mods;
};

const fieldTest = (key: string, raw: unknown, path: YamlPath, warnings: string[]): Condition => {
  const [field = '', ...modList] = key.split('|');
  const mods = checkModifiers(modList, raw, path);
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new Refuse(path, `field '${key}' has an empty value list`);
  if (field === '') {
    if (modList.some((m) => m !== 'all'))
      throw new Refuse(path, `a keyword search ('${key}', no field name) takes only |all`);
    return keywordTest(values, path, mods.has('all'));
  }
  const fieldPath: FieldPath = parseFieldPath(field);
  if (mods.has('neq')) {
    // Sigma's neq: the field is there and differs from every value.
    const equals = fieldTest([field, ...modList.filter((m) => m !== 'neq')].join('|'), raw, path, warnings);
    return and(presentLeaf(field, fieldPath), not(equals));
  }
  const combine = mods.has('all') ? and : or;
  if (mods.has('exists')) {
    if (typeof raw !== 'boolean') throw new Refuse(path, '|exists takes true or false');
    return {
      kind: 'leaf',
      paths: [fieldPath],
      test: (v) => (v !== undefined && v !== null) === raw,
      describe: `${field} ${raw ? 'exists' : 'does not exist'}`,
    };
  }
  if (mods.has('fieldref')) {
    const parts = values.map((ref, i): Leaf => {
      if (typeof ref !== 'string') throw new Refuse([...path, i], '|fieldref needs a field name');
      const kind = mods.has('contains')
        ? 'contains'
        : mods.has('startswith')
          ? 'startswith'
          : mods.has('endswith')
            ? 'endswith'
            : 'equals';
      const fold = (s: string) => (mods.has('cased') ? s : s.toLowerCase());
      return {
        kind: 'leaf',
        paths: [fieldPath, parseFieldPath(ref)],
        test: (v, other) => {
          const refs = scalarLeaves(other)
            .map(scalarText)
            .filter((t): t is string => t !== undefined)
            .map(fold);
          return (
            refs.length > 0 &&
            scalarLeaves(v).some((c) => {
              const t = scalarText(c);
              if (t === undefined) return false;
              const s = fold(t);
              return refs.some((r) =>
                kind === 'contains'
                  ? s.includes(r)
                  : kind === 'startswith'
                    ? s.startsWith(r)
                    : kind === 'endswith'
                      ? s.endsWith(r)
                      : s === r
              );
            })
          );
        },
        describe: `${field} ${kind} field ${ref}`,
      };
    });
    return combine(...parts);
  }
  const transforms = modList.filter((m) => TRANSFORM_MODIFIERS.has(m));
  if (transforms.length > 0)
    return combine(
      ...values.map((value, i) =>
        transformed(field, fieldPath, value, transforms, mods, Array.isArray(raw) ? [...path, i] : path)
      )
    );
  const leaves = values.map((value, i): Leaf => {
    const at: YamlPath = Array.isArray(raw) ? [...path, i] : path;
    if (value === null) {
      return {
        kind: 'leaf',
        paths: [fieldPath],
        test: (v) => v === undefined || v === null,
        describe: `${field} is null`,
      };
    }
    if (
      typeof value === 'string' &&
      !mods.has('re') &&
      /^(userIdentity|requestParameters|responseElements|additionalEventData)\.[A-Za-z0-9_.]+$/.test(value)
    ) {
      warnings.push(
        `value '${value}' of '${key}' names a field but Sigma compares it as text; |fieldref compares two fields`
      );
    }
    return valueLeaf(field, fieldPath, valueMatcher(value, mods, at), mods.has('cased'));
  });
  return combine(...leaves);
};

/** One leaf testing a field with a matcher; a field holding an object or array is tested on each scalar. */
const valueLeaf = (field: string, fieldPath: FieldPath, m: ValueMatcher, cased: boolean): Leaf => ({
  kind: 'leaf',
  paths: [fieldPath],
  test: (v) =>
    v === undefined ? false : typeof v !== 'object' || v === null ? m.test(v) : scalarLeaves(v).some(m.test),
  describe: `${field} ${m.describe}`,
  ...(m.exact !== undefined ? { equals: { values: [m.exact], ...(cased ? {} : { ignoreCase: true }) } } : {}),
});

/** A field is there (not absent, not null). */
const presentLeaf = (field: string, fieldPath: FieldPath): Leaf => ({
  kind: 'leaf',
  paths: [fieldPath],
  test: (v) => v !== undefined && v !== null,
  describe: `${field} exists`,
});

/**
 * One value through the transformation modifiers (`windash`, `utf16*`, `base64`, `base64offset`):
 * any of its spellings matches. Encoded spellings are compared case-sensitively, since base64
 * is case-significant.
 */
const transformed = (
  field: string,
  fieldPath: FieldPath,
  value: unknown,
  transforms: readonly string[],
  mods: ReadonlySet<string>,
  at: YamlPath
): Condition => {
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Refuse(at, `|${transforms[0]} needs a text value, got ${JSON.stringify(value)}`);
  let spellings: ReturnType<typeof transformValue>;
  try {
    spellings = transformValue(String(value), transforms);
  } catch (error) {
    if (error instanceof SigmaModifierError) throw new Refuse(at, error.message);
    throw error;
  }
  return or(
    ...spellings.map((s) => {
      const spellingMods = s.plain ? new Set([...mods, 'cased']) : mods;
      return valueLeaf(field, fieldPath, valueMatcher(s.text, spellingMods, at), spellingMods.has('cased'));
    })
  );
};

const keywordTest = (keywords: unknown[], path: YamlPath, all = false): Condition =>
  (all ? and : or)(
    ...keywords.map((kw, i): Leaf => {
      if (typeof kw !== 'string' && typeof kw !== 'number') throw new Refuse([...path, i], 'keywords must be text');
      const test = compileGlob(`*${kw}*`, { ignoreCase: true, questionMark: true, escapes: true });
      return {
        kind: 'leaf',
        paths: [[]],
        test: (record) =>
          scalarLeaves(record).some((c) => {
            const t = scalarText(c);
            return t !== undefined && test(t);
          }),
        describe: `any field contains ${JSON.stringify(kw)}`,
      };
    })
  );

const searchCondition = (value: unknown, path: YamlPath, warnings: string[]): Condition => {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) throw new Refuse(path, 'empty search');
    return and(...entries.map(([key, v]) => fieldTest(key, v, [...path, key], warnings)));
  }
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((v) => isPlainObject(v)))
      return or(...value.map((v, i) => searchCondition(v, [...path, i], warnings)));
    if (value.every((v) => !isPlainObject(v) && !Array.isArray(v))) return keywordTest(value, path);
    throw new Refuse(path, 'a search list must hold only field maps or only keywords');
  }
  if (typeof value === 'string' || typeof value === 'number') return keywordTest([value], path);
  throw new Refuse(path, 'a search must be a map of fields, a list of maps, or keywords');
};

/**
 * Compiles the searches of a rule's `detection` (or a filter's `filter`) and its condition(s),
 * OR-linked, into one condition.
 * @param doc - the document
 * @param at - the mapping holding the searches (`detection` or `filter`)
 * @param conditions - the condition expressions
 * @param skip - keys of the mapping that are not searches (`condition`, a filter's `rules`)
 * @param warnings - where non-fatal findings go
 * @returns the condition, or the refusal of what the specification does not have
 * @throws RuleLoadError on a condition that cannot be read or names an unknown search
 */
export const compileSigmaSearches = (
  doc: YamlDocument,
  at: string,
  conditions: readonly string[],
  skip: ReadonlySet<string>,
  warnings: string[]
): { condition: Condition } | { refusal: Refusal } => {
  const block = (doc.value as Record<string, unknown>)[at] as Record<string, unknown>;
  try {
    const searches = new Map<string, Condition>();
    for (const [name, value] of Object.entries(block)) {
      if (skip.has(name)) continue;
      searches.set(name, searchCondition(value, [at, name], warnings));
    }
    return { condition: or(...conditions.map((c) => compileSigmaCondition(c, searches))) };
  } catch (error) {
    if (error instanceof Refuse)
      return { refusal: { file: doc.file, line: doc.lineAt(error.path), reason: error.message } };
    if (error instanceof SigmaConditionError) {
      if (error.message.startsWith('aggregation'))
        return { refusal: { file: doc.file, line: doc.lineAt([at, 'condition']), reason: error.message } };
      throw doc.error([at, 'condition'], `invalid condition: ${error.message}`, { cause: error });
    }
    throw error;
  }
};

/** Where the detection first names a field (the key `field|modifiers` of a search), for a refusal's line. */
const keyPathOfField = (detection: Record<string, unknown>, field: string): YamlPath | undefined => {
  const inMap = (map: unknown, at: YamlPath): YamlPath | undefined => {
    if (!isPlainObject(map)) return undefined;
    const key = Object.keys(map).find((k) => k.split('|')[0] === field);
    return key === undefined ? undefined : [...at, key];
  };
  for (const [name, search] of Object.entries(detection)) {
    if (name === 'condition') continue;
    const direct = inMap(search, ['detection', name]);
    if (direct) return direct;
    if (Array.isArray(search))
      for (const [i, element] of search.entries()) {
        const found = inMap(element, ['detection', name, i]);
        if (found) return found;
      }
  }
  return undefined;
};

/**
 * Loads one Sigma rule (https://github.com/SigmaHQ/sigma-specification, v2) for
 * `logsource: { product: aws }`, whatever `service` it names (`cloudtrail`, `iam`, `ec2`, `s3`, …
 * or none): every AWS API call is a CloudTrail event. A rule is refused, with a precise reason
 * and its line instead of failing the whole folder, when it uses what the specification does
 * not have (a modifier outside its list, `|all` on one value, aggregations, `timeframe`), what
 * the specification lets a tool reject (`|expand` placeholders), a correlation, or when it can
 * never match a CloudTrail record (another product, a field CloudTrail never writes:
 * `never matches: field 'status' is not a CloudTrail field`).
 *
 * Semantics: strings compare case-insensitively unless `|cased`; `*` and `?` are wildcards;
 * `null` means the field is absent; a field that holds an object or array is tested on each
 * scalar inside it (so `requestParameters|contains: Suspended` finds a nested value).
 *
 * @param doc - the parsed document
 * @returns the rule or the refusal
 * @throws RuleLoadError when the document is not a well-formed Sigma rule (missing title,
 *   `logsource` or `detection` not a mapping, a metadata field of the wrong type, a `level`
 *   outside the five, a condition naming an unknown search, …)
 */
export const loadSigmaRule = (doc: YamlDocument): SigmaLoad => {
  const raw = doc.value as Record<string, unknown>;
  const refuse = (path: YamlPath, reason: string): SigmaLoad => ({
    refusal: { file: doc.file, line: doc.lineAt(path), reason },
  });
  if (raw.correlation !== undefined || raw.type === 'correlation')
    return refuse(['correlation'], 'Sigma correlation rules are not supported');
  if (!isPlainObject(raw.logsource))
    throw doc.error(['logsource'], 'logsource must be a mapping (product, service, category)');
  const logsource = raw.logsource;
  const product = logsource.product === undefined || logsource.product === null ? '' : String(logsource.product);
  const service = logsource.service === undefined || logsource.service === null ? '' : String(logsource.service);
  // Every AWS API call is a CloudTrail event, whatever service a rule names (iam, ec2, s3, …);
  // a rule for another product reads another log and never matches a CloudTrail record.
  if (product.toLowerCase() !== 'aws' && !(product === '' && service.toLowerCase() === 'cloudtrail')) {
    return refuse(
      product === '' ? ['logsource'] : ['logsource', 'product'],
      product === ''
        ? `never matches: logsource names no product (${JSON.stringify(logsource)}); trailwatch reads AWS CloudTrail records (product: aws)`
        : `never matches: logsource product '${product}' is not aws; trailwatch reads AWS CloudTrail records`
    );
  }
  if (typeof raw.title !== 'string' || raw.title.trim() === '') throw doc.error(['title'], 'Sigma rule has no title');
  for (const key of ['id', 'description', 'author', 'status'] as const)
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string')
      throw doc.error([key], `${key} must be text`);
  for (const key of ['tags', 'references'] as const)
    if (
      raw[key] !== undefined &&
      raw[key] !== null &&
      !(Array.isArray(raw[key]) && (raw[key] as unknown[]).every((v) => typeof v === 'string'))
    )
      throw doc.error([key], `${key} must be a list of strings`);
  const detection = raw.detection;
  if (!isPlainObject(detection))
    throw doc.error(['detection'], 'detection must be a mapping of searches and a condition');
  if (detection.timeframe !== undefined)
    return refuse(
      ['detection', 'timeframe'],
      "'timeframe' in a detection is not in the Sigma specification since v2.0 (it belongs to correlation rules); use a trailwatch threshold rule"
    );
  const conditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string'))
    throw doc.error(['detection', 'condition'], 'detection.condition must be a string (or a list of strings)');
  const level =
    raw.level === undefined
      ? 'medium'
      : typeof raw.level === 'string' && Object.hasOwn(LEVELS, raw.level.toLowerCase())
        ? LEVELS[raw.level.toLowerCase()]
        : undefined;
  if (!level)
    throw doc.error(
      ['level'],
      `level must be one of ${Object.keys(LEVELS).join(', ')}, got ${JSON.stringify(raw.level)}`
    );
  const warnings: string[] = raw.level === undefined ? ['no level given; using medium'] : [];
  const compiled = compileSigmaSearches(doc, 'detection', conditions as string[], new Set(['condition']), warnings);
  if ('refusal' in compiled) return compiled;
  const condition = compiled.condition;
  const unknownFields = new Set<string>();
  const withoutUnknown = mapLeaves(condition, (leaf) => {
    const missing = leaf.paths.some((p) => p.length > 0 && !CLOUDTRAIL_FIELDS.has(p[0] as string));
    if (!missing) return leaf;
    for (const p of leaf.paths)
      if (p.length > 0 && !CLOUDTRAIL_FIELDS.has(p[0] as string)) unknownFields.add(p.join('.'));
    return { kind: 'const', value: leaf.test(...leaf.paths.map(() => undefined)) };
  });
  if (unknownFields.size > 0) {
    const list = [...unknownFields].map((f) => `'${f}'`).join(', ');
    if (withoutUnknown.kind === 'const' && !withoutUnknown.value) {
      const first = [...unknownFields][0] as string;
      return refuse(
        keyPathOfField(detection, first) ?? ['detection'],
        unknownFields.size === 1
          ? `never matches: field ${list} is not a CloudTrail field`
          : `never matches: fields ${list} are not CloudTrail fields`
      );
    }
    warnings.push(`field ${list} does not exist in CloudTrail records; tests on it never hold`);
  }
  if (condition.kind === 'const' && !condition.value)
    return refuse(['detection', 'condition'], 'the condition can never match');
  const tags = Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [];
  const references = Array.isArray(raw.references)
    ? raw.references.filter((t): t is string => typeof t === 'string')
    : [];
  return {
    rule: {
      meta: {
        id: sigmaRuleId(doc.file),
        title: raw.title,
        description: typeof raw.description === 'string' ? raw.description.trim() : '',
        severity: level,
        tags,
        references,
        form: 'sigma',
        file: doc.file,
        line: doc.lineAt([]),
        sigma: {
          ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
          ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
          logsource: sigmaLogsource(logsource),
          ...(typeof raw.author === 'string' ? { author: raw.author } : {}),
          ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
        },
        warnings,
      },
      condition,
      dedupKey: defaultDedupKey,
      windowMs: DEFAULT_WINDOW_MS,
    },
  };
};
