import type { RecordAccess } from '../engine/record-access.js';
import { parseFieldPath, scalarText } from '../engine/field-path.js';
import type { CompiledRule, Refusal } from '../types.js';
import type { CorrelationRule, ParsedCorrelation } from './types.js';

/** A field's value as group-key text: scalars as text, lists and objects as JSON, absent as empty. */
const keyText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  return scalarText(value) ?? JSON.stringify(value);
};

/** Who a reference names: a loaded rule, another correlation, or nothing loaded. */
type Target = { rule: CompiledRule } | { correlation: ParsedCorrelation } | undefined;

/**
 * Resolves each correlation's `rules` against every loaded rule: by Sigma `name` (in the same
 * file first), by Sigma UUID, or by trailwatch rule id (built-in and YAML rules included). A
 * correlation whose reference names nothing loaded, or names another correlation (chains are
 * not run), is refused with the reference's line; the others run.
 * @param parsed - the correlations the rule folders hold
 * @param rules - every loaded rule
 * @returns the runnable correlations and the refusals
 */
export const resolveCorrelations = (
  parsed: readonly ParsedCorrelation[],
  rules: readonly CompiledRule[]
): { correlations: CorrelationRule[]; refused: Refusal[] } => {
  const find = (ref: string, file: string): Target => {
    const byName = (r: CompiledRule) => r.meta.sigma?.name === ref;
    const rule =
      rules.find((r) => byName(r) && r.meta.file === file) ??
      rules.find(byName) ??
      rules.find((r) => r.meta.id === ref || r.meta.sigma?.id === ref);
    if (rule) return { rule };
    const correlation = parsed.find((c) => c.id === ref || c.sigma?.id === ref || c.sigma?.name === ref);
    return correlation ? { correlation } : undefined;
  };
  const correlations: CorrelationRule[] = [];
  const refused: Refusal[] = [];
  for (const c of parsed) {
    const ids: string[] = [];
    let refusal: Refusal | undefined;
    c.rules.forEach((ref, i) => {
      if (refusal) return;
      const target = find(ref, c.file);
      const line = c.ruleLines[i] ?? c.line;
      if (target === undefined)
        refusal = { file: c.file, line, reason: `correlation references '${ref}', which names no loaded rule` };
      else if ('correlation' in target)
        refusal = {
          file: c.file,
          line,
          reason: `correlation references the correlation '${ref}': chained correlations are not run by trailwatch`,
        };
      else ids.push(target.rule.meta.id);
    });
    if (refusal) {
      refused.push(refusal);
      continue;
    }
    const pathsOf = (names: readonly string[]) =>
      c.rules.map((ref, i) =>
        names.map((name) => {
          const alias = c.aliases[name];
          const field = alias?.[ref] ?? alias?.[ids[i] as string] ?? name;
          return parseFieldPath(field);
        })
      );
    const groupPaths = pathsOf(c.groupBy);
    const valuePaths = pathsOf(c.fields);
    const { rules: _refs, ruleLines: _lines, ...rest } = c;
    correlations.push({
      ...rest,
      rules: ids,
      groupKey: (access: RecordAccess, index: number) =>
        (groupPaths[index] ?? []).map((path) => keyText(access.path(path))).join('|'),
      ...(c.type === 'value_count'
        ? {
            value: (access: RecordAccess, index: number) => {
              const values = (valuePaths[index] ?? []).map((path) => access.path(path));
              if (values.some((v) => v === undefined || v === null)) return undefined;
              return values.map(keyText).join('\u0000');
            },
          }
        : {}),
    });
  }
  return { correlations, refused };
};

/**
 * A threshold rule as a correlation: an event_count over itself, grouped by its dedup key,
 * `count` within `window`, so "N matches within W" holds across files. Its alerts keep the
 * rule's id, title and severity.
 * @param rule - a rule with a threshold
 */
export const thresholdCorrelation = (
  rule: CompiledRule & { threshold: NonNullable<CompiledRule['threshold']> }
): CorrelationRule => ({
  id: rule.meta.id,
  title: rule.meta.title,
  description: rule.meta.description,
  severity: rule.meta.severity,
  tags: rule.meta.tags,
  references: rule.meta.references,
  form: 'threshold',
  file: rule.meta.file,
  ...(rule.meta.line !== undefined ? { line: rule.meta.line } : {}),
  ...(rule.meta.sigma ? { sigma: rule.meta.sigma } : {}),
  type: 'event_count',
  rules: [rule.meta.id],
  groupBy: [],
  aliases: {},
  timespanMs: rule.threshold.windowMs,
  condition: { gte: rule.threshold.count },
  fields: [],
  generate: false,
  groupKey: (access: RecordAccess) => rule.dedupKey(access),
});
