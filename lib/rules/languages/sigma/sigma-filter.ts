import { and, type Condition } from '../../engine/condition.js';
import type { CompiledRule, Refusal, SigmaLogsource } from '../../types.js';
import type { YamlDocument } from '../yaml/yaml-file.js';
import { compileSigmaSearches, sigmaLogsource } from './sigma-rule.js';

/** A Sigma filter (https://github.com/SigmaHQ/sigma-specification, filters), compiled. */
export type SigmaFilter = {
  file: string;
  line: number;
  title: string;
  /** The rules it applies to, by Sigma id or name (or trailwatch id); `any` for every rule of its log source. */
  rules: readonly string[] | 'any';
  logsource: SigmaLogsource;
  /** What a match of a filtered rule must also satisfy. */
  condition: Condition;
};

/** The outcome of loading one filter document. */
export type SigmaFilterLoad = { filter: SigmaFilter; refusal?: undefined } | { filter?: undefined; refusal: Refusal };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Loads a Sigma filter document: `logsource`, and `filter` holding `rules` (ids or names; `any`
 * or `all` for every rule of the log source), searches and one `condition`. As pySigma (the
 * reference implementation) applies it, each filtered rule's condition becomes
 * `(rule) and (filter condition)`, so a filter that drops matches says so itself:
 * `condition: not selection`.
 * @param doc - the parsed document
 * @returns the filter, or the refusal of what the specification does not have
 * @throws RuleLoadError when the document is not a well-formed filter
 */
export const loadSigmaFilter = (doc: YamlDocument): SigmaFilterLoad => {
  const raw = doc.value as Record<string, unknown>;
  if (typeof raw.title !== 'string' || raw.title.trim() === '') throw doc.error(['title'], 'Sigma filter has no title');
  if (!isPlainObject(raw.logsource))
    throw doc.error(['logsource'], 'logsource must be a mapping (product, service, category)');
  const block = raw.filter;
  if (!isPlainObject(block)) throw doc.error(['filter'], 'filter must be a mapping of rules, searches and a condition');
  if (typeof block.condition !== 'string')
    throw doc.error(['filter', 'condition'], 'a Sigma filter has one condition, a string');
  const listed = block.rules;
  let rules: readonly string[] | 'any';
  if (typeof listed === 'string') rules = ['any', 'all'].includes(listed.toLowerCase()) ? 'any' : [listed];
  else if (Array.isArray(listed) && listed.every((r) => typeof r === 'string'))
    rules = listed.length === 0 ? 'any' : (listed as string[]);
  else throw doc.error(['filter', 'rules'], "filter.rules must be rule ids or names (a list), or 'any'");
  const logsource = sigmaLogsource(raw.logsource);
  if (logsource.product !== undefined && logsource.product !== 'aws')
    return {
      refusal: {
        file: doc.file,
        line: doc.lineAt(['logsource', 'product']),
        reason: `never matches: logsource product '${logsource.product}' is not aws; trailwatch reads AWS CloudTrail records`,
      },
    };
  const compiled = compileSigmaSearches(doc, 'filter', [block.condition], new Set(['condition', 'rules']), []);
  if ('refusal' in compiled) return compiled;
  return {
    filter: {
      file: doc.file,
      line: doc.lineAt(['filter', 'rules']) ?? 1,
      title: raw.title,
      rules,
      logsource,
      condition: compiled.condition,
    },
  };
};

const inLogsource = (rule: SigmaLogsource | undefined, filter: SigmaLogsource): boolean =>
  (['category', 'product', 'service'] as const).every((k) => filter[k] === undefined || rule?.[k] === filter[k]);

const names = (rule: CompiledRule): string[] =>
  [rule.meta.id, rule.meta.sigma?.id, rule.meta.sigma?.name].filter((n): n is string => n !== undefined);

/**
 * Applies Sigma filters to the Sigma rules they name (by Sigma id, Sigma name or trailwatch id)
 * whose log source lies within the filter's. A filter that applies to no rule is refused as never
 * taking effect, so a typo in `rules` is seen.
 * @param rules - every loaded rule (other forms pass through)
 * @param filters - the filters, in load order
 * @returns the rules with the filters folded into their conditions, and the filters refused
 */
export const applySigmaFilters = (
  rules: readonly CompiledRule[],
  filters: readonly SigmaFilter[]
): { rules: CompiledRule[]; refused: Refusal[] } => {
  const refused: Refusal[] = [];
  let out = [...rules];
  for (const filter of filters) {
    let applied = 0;
    out = out.map((rule) => {
      if (rule.meta.form !== 'sigma' || !inLogsource(rule.meta.sigma?.logsource, filter.logsource)) return rule;
      if (filter.rules !== 'any' && !names(rule).some((n) => filter.rules.includes(n))) return rule;
      applied++;
      const where = `${filter.file}:${filter.line}`;
      return {
        ...rule,
        meta: { ...rule.meta, sigma: { ...rule.meta.sigma, filters: [...(rule.meta.sigma?.filters ?? []), where] } },
        condition: and(rule.condition, filter.condition),
      };
    });
    if (applied === 0)
      refused.push({
        file: filter.file,
        line: filter.line,
        reason:
          filter.rules === 'any'
            ? 'no effect: the filter applies to no loaded Sigma rule of its log source'
            : `no effect: the filter names no loaded Sigma rule (${filter.rules.join(', ')})`,
      });
  }
  return { rules: out, refused };
};
