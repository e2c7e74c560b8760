import type { Severity } from '../../model/alert.js';
import type { YamlDocument, YamlPath } from '../languages/yaml/yaml-file.js';
import type { Refusal } from '../types.js';
import { MAX_KEPT_MATCHES } from './fold-correlation.js';
import {
  CONDITION_OPERATORS,
  CORRELATION_TYPES,
  type CorrelationCondition,
  type CorrelationType,
  type ParsedCorrelation,
} from './types.js';

/** The version of the Sigma correlation specification trailwatch implements. */
export const CORRELATION_SPEC_VERSION = '2.0.2';

/** What came with a later version of the specification: refused with that version's name. */
const LATER = {
  types: { value_sum: '2.1.0', value_avg: '2.1.0', value_percentile: '2.1.0' } as Record<string, string>,
  operators: { neq: '2.1.0' } as Record<string, string>,
};

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

/** The top-level attributes of a correlation (the specification's, plus the metadata Sigma rules share). */
const TOP_KEYS = new Set([
  'title',
  'id',
  'name',
  'status',
  'description',
  'author',
  'references',
  'date',
  'modified',
  'taxonomy',
  'correlation',
  'falsepositives',
  'level',
  'generate',
  'tags',
  'related',
  'license',
]);

const CORRELATION_KEYS = new Set(['type', 'rules', 'aliases', 'group-by', 'timespan', 'condition', 'generate']);

const TIMESPAN = /^(\d+)([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A document outside the specification: refused at a path with a reason. */
class OutOfSpec extends Error {
  readonly path: YamlPath;
  constructor(path: YamlPath, reason: string) {
    super(reason);
    this.path = path;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (value: unknown, path: YamlPath, what: string): string[] => {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v.trim() === ''))
    throw new OutOfSpec(path, `${what} must be a list of names`);
  return list as string[];
};

const later = (path: YamlPath, what: string, version: string): OutOfSpec =>
  new OutOfSpec(
    path,
    `${what} comes with Sigma correlation specification v${version}; trailwatch implements v${CORRELATION_SPEC_VERSION}`
  );

/** What a correlation document gives: a correlation to resolve, or a refusal with line and reason. */
export type CorrelationParse = { correlation: ParsedCorrelation; refusal?: undefined } | { refusal: Refusal };

/**
 * Reads a Sigma correlation document (Sigma correlation specification v2.0.x: event_count,
 * value_count, temporal, temporal_ordered; group-by, timespan, condition, aliases, generate).
 * Constructs of a later version (value_sum, value_avg, value_percentile, neq) are refused with
 * the version that brought them; anything else outside the specification is refused at its line.
 * @param doc - the YAML document (it has a `correlation` key)
 * @param id - the trailwatch id it gets
 */
export const parseSigmaCorrelation = (doc: YamlDocument, id: string): CorrelationParse => {
  try {
    return { correlation: read(doc, id) };
  } catch (error) {
    if (!(error instanceof OutOfSpec)) throw error;
    return { refusal: { file: doc.file, line: doc.lineAt(error.path), reason: error.message } };
  }
};

const read = (doc: YamlDocument, id: string): ParsedCorrelation => {
  const raw = doc.value as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.has(key)) throw new OutOfSpec([key], `'${key}' is not an attribute of a Sigma correlation rule`);
  if (typeof raw.title !== 'string' || raw.title.trim() === '')
    throw new OutOfSpec(['title'], 'a Sigma correlation needs a title');
  for (const key of ['id', 'name', 'description', 'author', 'status'] as const)
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new OutOfSpec([key], `${key} must be text`);
  const body = raw.correlation;
  if (!isMap(body))
    throw new OutOfSpec(['correlation'], 'correlation must be a mapping (type, rules, group-by, timespan, condition)');
  for (const key of Object.keys(body))
    if (!CORRELATION_KEYS.has(key))
      throw new OutOfSpec(['correlation', key], `'${key}' is not an attribute of a correlation section`);
  const type = body.type;
  if (typeof type === 'string' && LATER.types[type])
    throw later(['correlation', 'type'], `type ${type}`, LATER.types[type]);
  if (typeof type !== 'string' || !(CORRELATION_TYPES as readonly string[]).includes(type))
    throw new OutOfSpec(
      ['correlation', 'type'],
      `correlation type must be one of ${CORRELATION_TYPES.join(', ')}, got ${JSON.stringify(type)}`
    );
  if (body.rules === undefined) throw new OutOfSpec(['correlation'], 'correlation.rules is mandatory');
  const rules = strings(body.rules, ['correlation', 'rules'], 'correlation.rules');
  if (new Set(rules).size !== rules.length)
    throw new OutOfSpec(['correlation', 'rules'], 'correlation.rules names a rule twice');
  const groupBy =
    body['group-by'] === undefined ? [] : strings(body['group-by'], ['correlation', 'group-by'], 'group-by');
  if (body['group-by'] === undefined)
    throw new OutOfSpec(['correlation'], `${type === 'event_count' ? 'an' : 'a'} ${type} correlation needs group-by`);
  const timespan = readTimespan(body.timespan);
  const { condition, fields } = readCondition(body.condition, type as CorrelationType);
  const aliases = readAliases(body.aliases);
  const generate = raw.generate ?? body.generate ?? false;
  if (typeof generate !== 'boolean')
    throw new OutOfSpec(
      raw.generate === undefined ? ['correlation', 'generate'] : ['generate'],
      'generate must be true or false'
    );
  const level =
    raw.level === undefined ? 'medium' : typeof raw.level === 'string' ? LEVELS[raw.level.toLowerCase()] : undefined;
  if (!level) throw new OutOfSpec(['level'], `level must be one of ${Object.keys(LEVELS).join(', ')}`);
  const list = (key: string): string[] =>
    Array.isArray(raw[key]) ? (raw[key] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  return {
    id,
    title: raw.title.trim(),
    description: typeof raw.description === 'string' ? raw.description.trim() : '',
    severity: level,
    tags: list('tags'),
    references: list('references'),
    form: 'sigma',
    file: doc.file,
    line: doc.lineAt([]),
    sigma: {
      ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
      ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
      ...(typeof raw.author === 'string' ? { author: raw.author } : {}),
      ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
    },
    type: type as CorrelationType,
    rules,
    ruleLines: rules.map((_, i) =>
      doc.lineAt(Array.isArray(body.rules) ? ['correlation', 'rules', i] : ['correlation', 'rules'])
    ),
    groupBy,
    aliases,
    timespanMs: timespan,
    condition,
    fields,
    generate,
  };
};

const readTimespan = (value: unknown): number => {
  const path = ['correlation', 'timespan'];
  if (value === undefined) throw new OutOfSpec(['correlation'], 'correlation.timespan is mandatory');
  const match = typeof value === 'string' ? TIMESPAN.exec(value) : null;
  if (!match || Number(match[1]) <= 0)
    throw new OutOfSpec(
      path,
      `timespan must be a number and one of s, m, h, d in lowercase (90m), got ${JSON.stringify(value)}`
    );
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
};

const readCondition = (
  value: unknown,
  type: CorrelationType
): { condition: CorrelationCondition; fields: string[] } => {
  const path = ['correlation', 'condition'];
  const counted = type === 'event_count' || type === 'value_count';
  if (value === undefined) {
    if (counted)
      throw new OutOfSpec(
        ['correlation'],
        `${type === 'event_count' ? 'an' : 'a'} ${type} correlation needs a condition`
      );
    return { condition: {}, fields: [] };
  }
  if (!isMap(value)) throw new OutOfSpec(path, 'condition must be a mapping of gt, gte, lt, lte, eq');
  const condition: CorrelationCondition = {};
  let fields: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (LATER.operators[key]) throw later([...path, key], `condition operator ${key}`, LATER.operators[key]);
    if (key === 'field') {
      if (type !== 'value_count')
        throw new OutOfSpec([...path, key], `condition.field belongs to value_count, not ${type}`);
      fields = strings(v, [...path, key], 'condition.field');
      continue;
    }
    if (!(CONDITION_OPERATORS as readonly string[]).includes(key))
      throw new OutOfSpec([...path, key], `'${key}' is not a condition operator (gt, gte, lt, lte, eq)`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw new OutOfSpec([...path, key], `condition ${key} must be a whole number, got ${JSON.stringify(v)}`);
    if (v > MAX_KEPT_MATCHES)
      throw new OutOfSpec(
        [...path, key],
        `condition ${key} ${v} is more than the ${MAX_KEPT_MATCHES} matches trailwatch keeps per group`
      );
    condition[key as keyof CorrelationCondition] = v;
  }
  if (Object.keys(condition).length === 0) throw new OutOfSpec(path, 'condition needs one of gt, gte, lt, lte, eq');
  if (type === 'value_count' && fields.length === 0)
    throw new OutOfSpec(path, 'a value_count condition needs field (the field whose distinct values are counted)');
  return { condition, fields };
};

const readAliases = (value: unknown): ParsedCorrelation['aliases'] => {
  if (value === undefined) return {};
  const path = ['correlation', 'aliases'];
  if (!isMap(value)) throw new OutOfSpec(path, 'aliases must map each alias to a mapping of rule name: field');
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, byRule] of Object.entries(value)) {
    if (!isMap(byRule) || Object.values(byRule).some((f) => typeof f !== 'string' || f === ''))
      throw new OutOfSpec([...path, alias], `alias ${alias} must map rule names to field names`);
    out[alias] = byRule as Record<string, string>;
  }
  return out;
};
