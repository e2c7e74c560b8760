import { checkMeta } from '../engine/compile-rule.js';
import { parseDuration } from '../engine/duration.js';
import type { YamlDocument } from '../languages/yaml/yaml-file.js';
import { MAX_KEPT_MATCHES } from './fold-correlation.js';
import {
  CONDITION_OPERATORS,
  type CorrelationCondition,
  type CorrelationType,
  type ParsedCorrelation,
} from './types.js';

/** The YAML rule form's correlation keys and the Sigma types they stand for. */
const POWERS: Record<string, CorrelationType> = {
  count: 'event_count',
  distinct: 'value_count',
  all: 'temporal',
  sequence: 'temporal_ordered',
};

const TOP_KEYS = new Set([
  'id',
  'title',
  'description',
  'severity',
  'tags',
  'references',
  'generate',
  ...Object.keys(POWERS),
]);
const BODY_KEYS = new Set(['rules', 'group-by', 'within', 'field', ...CONDITION_OPERATORS]);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a YAML document is a trailwatch correlation rule: it has an `id` and one of `count`,
 * `distinct`, `all`, `sequence` (docs/rules.md, "Counting, distinct values and sequences").
 * @param value - the document as plain values
 */
export const isYamlCorrelation = (value: unknown): boolean =>
  isMap(value) && 'id' in value && Object.keys(POWERS).some((k) => k in value);

const names = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')
      ? (value as string[])
      : undefined;

/**
 * Reads a trailwatch YAML correlation rule: the same powers as a Sigma correlation in the YAML
 * rule form's words.
 * @example
 * id: many-secret-reads
 * title: One principal read many different secrets
 * severity: high
 * distinct:
 *   rules: [secretsmanager-get-secret-value]
 *   group-by: [userIdentity.arn]
 *   field: requestParameters.secretId
 *   within: 10m
 *   gte: 20
 * @throws RuleLoadError naming the line of the wrong key
 */
export const parseYamlCorrelation = (doc: YamlDocument): ParsedCorrelation => {
  const raw = doc.value as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.has(key))
      throw doc.error([key], `unknown key '${key}' in a correlation rule (${[...TOP_KEYS].join(', ')})`);
  const meta = checkMeta(raw, (key, reason) => doc.error(typeof key === 'string' ? [key] : key, reason));
  const powers = Object.keys(POWERS).filter((k) => k in raw);
  if (powers.length !== 1)
    throw doc.error(
      [powers[1] as string],
      `a correlation rule has one of count, distinct, all, sequence; found ${powers.join(', ')}`
    );
  const power = powers[0] as string;
  const type = POWERS[power] as CorrelationType;
  const body = raw[power];
  if (!isMap(body)) throw doc.error([power], `${power} must be a mapping (rules, group-by, within…)`);
  const at = (key: string) => [power, key];
  for (const key of Object.keys(body))
    if (!BODY_KEYS.has(key))
      throw doc.error(at(key), `unknown key '${key}' under ${power} (${[...BODY_KEYS].join(', ')})`);
  const rules = names(body.rules);
  if (!rules) throw doc.error(at('rules'), `${power}.rules must name one or more rules by id`);
  if ((type === 'temporal' || type === 'temporal_ordered') && rules.length < 2)
    throw doc.error(at('rules'), `${power} needs two or more rules`);
  const groupBy = names(body['group-by']);
  if (!groupBy) throw doc.error(at('group-by'), `${power}.group-by must list one or more field paths`);
  const within = body.within === undefined ? undefined : parseDuration(body.within as string);
  if (within === undefined)
    throw doc.error(at('within'), `${power}.within must be a duration such as 90s, 10m, 1h or 1d`);
  const condition: CorrelationCondition = {};
  for (const op of CONDITION_OPERATORS) {
    const v = body[op];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_KEPT_MATCHES)
      throw doc.error(at(op), `${power}.${op} must be a whole number from 0 to ${MAX_KEPT_MATCHES}`);
    condition[op] = v;
  }
  if ((type === 'event_count' || type === 'value_count') && Object.keys(condition).length === 0)
    throw doc.error([power], `${power} needs a condition: gt, gte, lt, lte or eq`);
  const fields = body.field === undefined ? [] : names(body.field);
  if (!fields || (type === 'value_count') !== fields.length > 0)
    throw doc.error(
      body.field === undefined ? [power] : at('field'),
      type === 'value_count'
        ? 'distinct needs field: the field whose distinct values are counted'
        : `${power} takes no field`
    );
  if (raw.generate !== undefined && typeof raw.generate !== 'boolean')
    throw doc.error(['generate'], 'generate must be true or false');
  const rulesNode = body.rules;
  return {
    ...meta,
    form: 'yaml',
    file: doc.file,
    line: doc.lineAt([]),
    type,
    rules,
    ruleLines: rules.map((_, i) => doc.lineAt(Array.isArray(rulesNode) ? [power, 'rules', i] : at('rules'))),
    groupBy,
    aliases: {},
    timespanMs: within,
    condition,
    fields,
    generate: raw.generate === true,
  };
};
