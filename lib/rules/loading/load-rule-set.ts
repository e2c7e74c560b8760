import { compileDefinition } from '../engine/compile-rule.js';
import { RuleLoadError, RuleSetLoadError } from '../errors.js';
import { compileGlob } from '../engine/glob.js';
import { loadRuleFolder } from './load-rule-folder.js';
import { applySigmaFilters, type SigmaFilter } from '../languages/sigma/sigma-filter.js';
import { builtinRules } from '../pack/index.js';
import type { Suppression } from '../engine/suppressions.js';
import type { CompiledRule, Refusal, RuleContext } from '../types.js';
import { resolveCorrelations, thresholdCorrelation } from '../correlation/resolve-correlations.js';
import type { CorrelationRule, ParsedCorrelation } from '../correlation/types.js';

/** Where rules come from. */
export type RuleSetOptions = {
  /** Extra folders (or files) of YAML, pattern and Sigma rules and suppression lists. */
  dirs?: readonly string[];
  /** Rule ids (or globs, or Sigma UUIDs) to leave out. */
  disabled?: readonly string[];
  /** Include the built-in pack (default true). */
  builtin?: boolean;
  /**
   * What the deployment watches (its trail buckets and queues), for the engine: rules whose
   * severity depends on it read it at match time. Loading ignores it.
   */
  context?: RuleContext;
};

/** The active rules and suppressions, with what was refused and what `disabled` did not find. */
export type RuleSet = {
  rules: CompiledRule[];
  /**
   * The correlations over the rules: Sigma correlations, YAML count/distinct/all/sequence rules,
   * and each threshold rule as an event_count over itself (hand them to the RuleEngine).
   */
  correlations: CorrelationRule[];
  suppressions: Suppression[];
  refused: Refusal[];
  /** Entries of `disabled` that named no rule (likely typos). */
  unknownDisabled: string[];
  /** Fixture files found in the extra folders, by rule file base path. */
  cases: Map<string, string>;
};

let builtinCache: CompiledRule[] | undefined;

/** The built-in pack, compiled once per process. */
export const compiledBuiltinRules = (): CompiledRule[] => {
  builtinCache ??= builtinRules.map(({ rule, path }) => compileDefinition(rule, path));
  return builtinCache;
};

/** The rule set with the files left out: what a Lambda function runs when some user file is wrong. */
export type UsableRuleSet = RuleSet & {
  /** Every file that could not be loaded (with line and reason), and every rule or suppression left out as a duplicate id. */
  invalid: RuleLoadError[];
};

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Loads everything that loads: the built-in pack, then each extra folder, leaving out each
 * invalid file (and each later rule or suppression whose id is already taken) and listing it
 * in `invalid`. Nothing a rule folder holds makes it throw, so one bad user file never costs
 * the built-in rules or the other files.
 * @param options - folders, disabled ids, whether to include the pack
 * @returns the usable rule set and what was left out
 * @example
 * const { rules, invalid } = loadUsableRuleSet({ dirs: ['rules/'] });
 */
export const loadUsableRuleSet = (options: RuleSetOptions = {}): UsableRuleSet => {
  const loaded: CompiledRule[] = options.builtin === false ? [] : [...compiledBuiltinRules()];
  const loadedSuppressions: Suppression[] = [];
  const filters: SigmaFilter[] = [];
  const refused: Refusal[] = [];
  const parsedCorrelations: ParsedCorrelation[] = [];
  const errors: RuleLoadError[] = [];
  const cases = new Map<string, string>();
  for (const dir of options.dirs ?? []) {
    try {
      const folder = loadRuleFolder(dir);
      loaded.push(...folder.rules);
      loadedSuppressions.push(...folder.suppressions);
      filters.push(...folder.filters);
      refused.push(...folder.refused);
      parsedCorrelations.push(...folder.correlations);
      errors.push(...folder.errors);
      for (const [k, v] of folder.cases) cases.set(k, v);
    } catch (error) {
      errors.push(
        error instanceof RuleLoadError
          ? error
          : new RuleLoadError(dir, undefined, `cannot be read: ${reasonOf(error)}`, { cause: error })
      );
    }
  }
  const filtered = applySigmaFilters(loaded, filters);
  refused.push(...filtered.refused);
  const seen = new Map<string, CompiledRule>();
  for (const rule of filtered.rules) {
    const before = seen.get(rule.meta.id);
    if (before) {
      errors.push(
        new RuleLoadError(
          rule.meta.file,
          rule.meta.line,
          `duplicate rule id '${rule.meta.id}' (also in ${before.meta.file}${before.meta.line ? `:${before.meta.line}` : ''})`
        )
      );
    } else {
      seen.set(rule.meta.id, rule);
    }
  }
  const rules = [...seen.values()];
  const correlationIds = new Set<string>();
  const uniqueCorrelations = parsedCorrelations.filter((c) => {
    const before = seen.get(c.id)?.meta.file ?? (correlationIds.has(c.id) ? 'another correlation' : undefined);
    if (before !== undefined) {
      errors.push(new RuleLoadError(c.file, c.line, `duplicate rule id '${c.id}' (also in ${before})`));
      return false;
    }
    correlationIds.add(c.id);
    return true;
  });
  const suppressionIds = new Map<string, Suppression>();
  for (const s of loadedSuppressions) {
    const before = suppressionIds.get(s.id);
    if (before)
      errors.push(
        new RuleLoadError(s.file, s.line, `duplicate suppression id '${s.id}' (also in ${before.file}:${before.line})`)
      );
    else suppressionIds.set(s.id, s);
  }
  const disabled = (options.disabled ?? []).map((pattern) => ({ pattern, test: compileGlob(pattern), used: false }));
  const active = rules.filter((rule) => {
    const hit = disabled.filter(
      (d) => d.test(rule.meta.id) || (rule.meta.sigma?.id !== undefined && d.test(rule.meta.sigma.id))
    );
    for (const d of hit) d.used = true;
    return hit.length === 0;
  });
  const enabled = uniqueCorrelations.filter((c) => {
    const hit = disabled.filter((d) => d.test(c.id) || (c.sigma?.id !== undefined && d.test(c.sigma.id)));
    for (const d of hit) d.used = true;
    return hit.length === 0;
  });
  const resolved = resolveCorrelations(enabled, active);
  refused.push(...resolved.refused);
  const thresholds = active.flatMap((rule) =>
    rule.threshold ? [thresholdCorrelation({ ...rule, threshold: rule.threshold })] : []
  );
  return {
    rules: active,
    correlations: [...thresholds, ...resolved.correlations],
    suppressions: [...suppressionIds.values()],
    refused,
    unknownDisabled: disabled.filter((d) => !d.used).map((d) => d.pattern),
    cases,
    invalid: errors,
  };
};

/**
 * Loads the rule set: the built-in pack, then each extra folder, and fails on any invalid file.
 * The CLI uses it (exit 1 on a bad rule file); the Lambda functions use
 * {@link loadUsableRuleSet} through buildRuleEngine, which skips the file and reports it.
 * @param options - folders, disabled ids, whether to include the pack
 * @returns the rule set
 * @throws RuleSetLoadError listing every invalid file (with line and reason) and duplicate ids
 * @example
 * const ruleSet = loadRuleSet({ dirs: ['rules/'], disabled: ['iam-user-created'] });
 */
export const loadRuleSet = (options: RuleSetOptions = {}): RuleSet => {
  const { invalid, ...ruleSet } = loadUsableRuleSet(options);
  if (invalid.length > 0) throw new RuleSetLoadError(invalid);
  return ruleSet;
};

/** Splits a comma-separated list, dropping blanks. */
export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
