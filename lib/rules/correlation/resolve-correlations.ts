import type { RecordAccess } from '../engine/record-access.js';
import { parseFieldPath, scalarText } from '../engine/field-path.js';
import type { CompiledRule, Refusal } from '../types.js';
import type { CorrelationRule, ParsedCorrelation } from './types.js';

/** A field's value as group-key text: scalars as text, lists and objects as JSON, absent as empty. */
const keyText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  return scalarText(value) ?? JSON.stringify(value);
};

/** Who a reference names: a loaded rule, another correlation (a chain), or nothing loaded. */
type Target = { rule: CompiledRule } | { correlation: ParsedCorrelation } | undefined;

/**
 * Resolves each correlation's `rules` against every loaded rule: by Sigma `name` (in the same
 * file first), by Sigma UUID, or by trailwatch rule id (built-in and YAML rules included), or a
 * correlation by the same (a chain). A correlation whose reference names nothing loaded, that
 * loops, or that stands on a refused correlation, is refused with the reference's line; the
 * others run.
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
  // References first: each correlation's rules as ids of loaded rules or of other correlations.
  const refusedIds = new Map<string, Refusal>();
  const idsOf = new Map<string, string[]>();
  const chainsOf = new Map<string, string[]>();
  for (const c of parsed) {
    const ids: string[] = [];
    for (const [i, ref] of c.rules.entries()) {
      const target = find(ref, c.file);
      const line = c.ruleLines[i] ?? c.line;
      if (target === undefined) {
        refusedIds.set(c.id, {
          file: c.file,
          line,
          reason: `correlation references '${ref}', which names no loaded rule`,
        });
        break;
      }
      ids.push('rule' in target ? target.rule.meta.id : target.correlation.id);
      if ('correlation' in target) chainsOf.set(c.id, [...(chainsOf.get(c.id) ?? []), target.correlation.id]);
    }
    idsOf.set(c.id, ids);
  }
  // A chain that loops, or that stands on a refused correlation, is refused too.
  const byId = new Map(parsed.map((c) => [c.id, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    if (refusedIds.has(id)) return false;
    if (state.get(id) === 'done') return true;
    const c = byId.get(id) as ParsedCorrelation;
    if (state.get(id) === 'visiting') {
      refusedIds.set(id, { file: c.file, line: c.line, reason: 'correlations reference each other in a loop' });
      return false;
    }
    state.set(id, 'visiting');
    for (const [i, ref] of (idsOf.get(id) ?? []).entries()) {
      if (!chainsOf.get(id)?.includes(ref)) continue; // a rule
      if (ref !== id && visit(ref)) continue;
      if (!refusedIds.has(id))
        refusedIds.set(id, {
          file: c.file,
          line: c.ruleLines[i] ?? c.line,
          reason:
            ref === id
              ? 'a correlation cannot reference itself'
              : `correlation references the correlation '${c.rules[i]}', which is refused`,
        });
    }
    state.set(id, 'done');
    return !refusedIds.has(id);
  };
  for (const c of parsed) visit(c.id);
  const correlations: CorrelationRule[] = [];
  const refused: Refusal[] = [];
  for (const c of parsed) {
    const refusal = refusedIds.get(c.id);
    if (refusal) {
      refused.push(refusal);
      continue;
    }
    const ids = idsOf.get(c.id) as string[];
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
    const chains = chainsOf.get(c.id);
    correlations.push({
      ...rest,
      rules: ids,
      ...(chains ? { correlationRefs: chains } : {}),
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
 * A threshold rule as a correlation: an event_count over itself (a value_count over its
 * `distinct` fields when it counts distinct values), grouped by its dedup key, `count` within
 * `window`, so "N matches (N distinct values) within W" holds across files. Its alerts keep the
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
  type: rule.threshold.distinct ? 'value_count' : 'event_count',
  rules: [rule.meta.id],
  groupBy: [],
  aliases: {},
  timespanMs: rule.threshold.windowMs,
  condition: { gte: rule.threshold.count },
  fields: rule.threshold.distinct?.paths ?? [],
  generate: false,
  groupKey: (access: RecordAccess) => rule.dedupKey(access),
  ...(rule.threshold.distinct ? { value: rule.threshold.distinct.value } : {}),
});
