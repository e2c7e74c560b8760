import { basename, extname } from 'node:path';
import type { Severity } from '../../../model/alert.js';
import { ipInCidr, parseCidr } from '../../engine/cidr.js';
import { compileRegex } from '../../engine/compile-regex.js';
import { and, type Condition, type Leaf, mapLeaves, or } from '../../engine/condition.js';
import { defaultDedupKey } from '../../engine/compile-rule.js';
import { CLOUDTRAIL_FIELDS, DEFAULT_WINDOW_MS } from '../../constants.js';
import { type FieldPath, parseFieldPath, scalarLeaves, scalarText } from '../../engine/field-path.js';
import { compileGlob, hasWildcard } from '../../engine/glob.js';
import { compileSigmaCondition, SigmaConditionError } from './sigma-condition.js';
import type { CompiledRule, Refusal } from '../../types.js';
import type { YamlDocument, YamlPath } from '../yaml/yaml-file.js';

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

const SUPPORTED_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'cased',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'fieldref',
]);

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
  const numeric = ['gt', 'gte', 'lt', 'lte'].find((m) => mods.has(m));
  if (numeric) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw new Refuse(path, `|${numeric} needs a number, got ${JSON.stringify(value)}`);
    const cmp = {
      gt: (a: number) => a > n,
      gte: (a: number) => a >= n,
      lt: (a: number) => a < n,
      lte: (a: number) => a <= n,
    }[numeric] as (a: number) => boolean;
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

const fieldTest = (key: string, raw: unknown, path: YamlPath, warnings: string[]): Condition => {
  const [field = '', ...modList] = key.split('|');
  const mods = new Set(modList);
  const unsupported = modList.filter((m) => !SUPPORTED_MODIFIERS.has(m));
  if (unsupported.length > 0)
    throw new Refuse(
      path,
      `modifier |${unsupported.join('|')} is not supported (supported: ${[...SUPPORTED_MODIFIERS].join(', ')})`
    );
  if ((mods.has('i') || mods.has('m') || mods.has('s')) && !mods.has('re'))
    throw new Refuse(path, 'modifiers |i, |m and |s apply to |re only');
  const fieldPath: FieldPath = parseFieldPath(field);
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new Refuse(path, `field '${key}' has an empty value list`);
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
    const m = valueMatcher(value, mods, at);
    return {
      kind: 'leaf',
      paths: [fieldPath],
      test: (v) =>
        v === undefined ? false : typeof v !== 'object' || v === null ? m.test(v) : scalarLeaves(v).some(m.test),
      describe: `${field} ${m.describe}`,
      ...(m.exact !== undefined
        ? { equals: { values: [m.exact], ...(mods.has('cased') ? {} : { ignoreCase: true }) } }
        : {}),
    };
  });
  return combine(...leaves);
};

const keywordTest = (keywords: unknown[], path: YamlPath): Condition =>
  or(
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
 * Loads one Sigma rule (https://sigmahq.io/docs/basics/rules.html) for
 * `logsource: { product: aws, service: cloudtrail }`. A rule that uses what trailwatch does not
 * run (another log source, an unsupported modifier, aggregations, correlation rules, a field no
 * CloudTrail record has that leaves the rule unable to match) is refused with a precise reason
 * instead of failing the whole folder.
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
  if (
    String(logsource.product ?? '').toLowerCase() !== 'aws' ||
    String(logsource.service ?? '').toLowerCase() !== 'cloudtrail'
  ) {
    return refuse(
      ['logsource'],
      `logsource is product '${logsource.product ?? ''}' service '${logsource.service ?? ''}', not aws/cloudtrail`
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
      "'timeframe' (aggregation window) is not supported; use a trailwatch threshold rule"
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
  let condition: Condition;
  try {
    const searches = new Map<string, Condition>();
    for (const [name, value] of Object.entries(detection)) {
      if (name === 'condition') continue;
      searches.set(name, searchCondition(value, ['detection', name], warnings));
    }
    condition = or(...conditions.map((c) => compileSigmaCondition(c as string, searches)));
  } catch (error) {
    if (error instanceof Refuse) return refuse(error.path, error.message);
    if (error instanceof SigmaConditionError) {
      if (error.message.startsWith('aggregation')) return refuse(['detection', 'condition'], error.message);
      throw doc.error(['detection', 'condition'], `invalid condition: ${error.message}`, { cause: error });
    }
    throw error;
  }
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
      return refuse(['detection'], `field ${list} does not exist in CloudTrail records, so the rule can never match`);
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
