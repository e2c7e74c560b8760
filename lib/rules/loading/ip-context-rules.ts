import { CONTEXT_FIELD } from '../../model/ip-context.js';
import type { Condition } from '../engine/condition.js';
import type { CompiledRule } from '../types.js';

/**
 * Built-in rules whose code (not their condition) reads `context.sourceIPAddress`: the
 * first-seen rules take their key from it (lib/rules/pack/helpers.ts `sourceCountry`, `sourceAsn`).
 */
const CODE_READS_CONTEXT: ReadonlySet<string> = new Set([
  'console-signin-from-new-country',
  'long-term-credentials-from-new-network',
]);

const conditionReadsContext = (condition: Condition): boolean => {
  switch (condition.kind) {
    case 'const':
      return false;
    case 'not':
      return conditionReadsContext(condition.of);
    case 'and':
    case 'or':
      return condition.of.some(conditionReadsContext);
    case 'leaf':
      return condition.paths.some((path) => path[0] === CONTEXT_FIELD);
  }
};

/**
 * The rules that lose their input without the offline IP context: those whose condition reads
 * a `context.…` field (any language: YAML, CloudWatch filter patterns, Sigma) and the built-in
 * rules whose code reads it. A rule file whose TypeScript functions read it unseen by the
 * condition is not listed.
 * @param rules - the loaded rules (RuleEngine.rules)
 * @returns their ids, in load order
 * @example
 * ipContextRules(engine.rules) // ['workload-credentials-used-outside-aws', 'console-signin-from-new-country', …]
 */
export const ipContextRules = (rules: readonly CompiledRule[]): string[] =>
  rules.filter((r) => CODE_READS_CONTEXT.has(r.meta.id) || conditionReadsContext(r.condition)).map((r) => r.meta.id);
