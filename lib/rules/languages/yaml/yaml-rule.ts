import { and, type Condition, TRUE } from '../../engine/condition.js';
import {
  checkMeta,
  compileGrouping,
  compilePatternAt,
  dedupFromPaths,
  defaultDedupKey,
  type Fail,
  scopeCondition,
} from '../../engine/compile-rule.js';
import type { CompiledRule, Duration, Threshold } from '../../types.js';
import { compileYamlCondition } from './yaml-condition.js';
import type { YamlDocument } from './yaml-file.js';

const KEYS = new Set([
  'id',
  'title',
  'description',
  'severity',
  'tags',
  'references',
  'eventSource',
  'eventName',
  'match',
  'pattern',
  'dedup',
  'threshold',
  'window',
  'quiet',
]);

const stringList = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
      ? value
      : undefined;

/**
 * Compiles a trailwatch YAML rule (the form users write; see docs/rules.md): metadata,
 * optional `eventSource` / `eventName` scope (API names: Lambda version suffixes ignored), and
 * either a `match:` condition or a CloudWatch Logs `pattern:`.
 *
 * @param doc - the parsed document
 * @returns the compiled rule
 * @throws RuleLoadError with file, line and reason for any mistake, including unknown keys
 */
export const compileYamlRule = (doc: YamlDocument): CompiledRule => {
  const raw = doc.value as Record<string, unknown>;
  const fail: Fail = (where, reason, options) =>
    doc.error(typeof where === 'string' ? [where] : where, reason, options);
  const unknown = Object.keys(raw).find((k) => !KEYS.has(k));
  if (unknown) throw fail(unknown, `unknown key '${unknown}' (allowed: ${[...KEYS].join(', ')})`);
  const meta = checkMeta(raw, fail);
  const sources = raw.eventSource === undefined ? undefined : stringList(raw.eventSource);
  if (raw.eventSource !== undefined && !sources)
    throw fail('eventSource', 'eventSource must be a string or a list of strings');
  const names = raw.eventName === undefined ? undefined : stringList(raw.eventName);
  if (raw.eventName !== undefined && !names) throw fail('eventName', 'eventName must be a string or a list of strings');
  if (raw.match !== undefined && raw.pattern !== undefined) throw fail('pattern', 'give match or pattern, not both');
  let body: Condition = TRUE;
  if (raw.match !== undefined) body = compileYamlCondition(doc, raw.match, ['match']);
  if (raw.pattern !== undefined) {
    if (typeof raw.pattern !== 'string') throw fail('pattern', 'pattern must be a string');
    body = compilePatternAt(raw.pattern, fail);
  }
  if (raw.match === undefined && raw.pattern === undefined && !sources && !names) {
    throw fail('id', 'a rule needs match, pattern, eventSource or eventName; a rule with none would match every event');
  }
  const dedup = raw.dedup === undefined ? undefined : stringList(raw.dedup);
  if (raw.dedup !== undefined && !dedup) throw fail('dedup', 'dedup must be a field path or a list of field paths');
  return {
    meta: {
      ...meta,
      form: raw.pattern !== undefined ? 'pattern' : 'yaml',
      file: doc.file,
      line: doc.lineAt([]),
      warnings: [],
    },
    condition: and(scopeCondition(sources, names), body),
    dedupKey: dedup ? dedupFromPaths(dedup) : defaultDedupKey,
    ...compileGrouping(
      raw.threshold as Threshold | undefined,
      raw.window as Duration | undefined,
      fail,
      raw.quiet as Duration | undefined
    ),
  };
};
