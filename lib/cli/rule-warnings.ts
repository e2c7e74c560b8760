import type { CompiledRule } from '../rules/index.js';

/**
 * One line per load warning of the active rules, `warning <file>:<line>: <id>: <warning>`: a rule
 * that loaded but will not do all its author meant (a Sigma value that names a field but is
 * compared as text, a field CloudTrail never writes in one branch, no level given). Without
 * these lines the warnings were only in `rules list --format json`.
 * @param rules - the rules of the loaded set
 * @returns the lines, without newline, in rule order
 */
export const ruleWarningLines = (rules: readonly CompiledRule[]): string[] =>
  rules.flatMap((rule) =>
    rule.meta.warnings.map(
      (warning) => `warning ${rule.meta.file}${rule.meta.line ? `:${rule.meta.line}` : ''}: ${rule.meta.id}: ${warning}`
    )
  );
