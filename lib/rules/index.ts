/**
 * The front door of the rules area: what functions/, the other lib/ areas and the bench use.
 * Code outside lib/rules imports from here only; the rooms behind it are engine/ (compile and
 * run rules), languages/ (yaml, sigma, filter-pattern), loading/ (rule folders and the rule
 * set), cases/ (the `<rule-id>.cases.json` runner), attack/ (the ATT&CK table, tag checks and
 * coverage) and pack/ (the built-in rules). Tests may
 * still reach into a room to test its internals.
 */
export {
  type AttackCoverage,
  attackCoverage,
  type NavigatorLayer,
  navigatorLayer,
} from './attack/attack-coverage.js';
export { testRuleFolder } from './cases/test-rule-folder.js';
export { describeCondition } from './engine/condition.js';
export { type DetectorFactory, noDetector } from './engine/detector.js';
export { RuleEngine } from './engine/rule-engine.js';
export { RuleLoadError, RuleSetLoadError } from './errors.js';
export { loadRuleFolder } from './loading/load-rule-folder.js';
export { compiledBuiltinRules, loadRuleSet, loadUsableRuleSet } from './loading/load-rule-set.js';
export { type BuiltRuleEngine, buildRuleEngine } from './loading/build-rule-engine.js';
export type { CompiledRule, RuleContext } from './types.js';
export { RULES_ENV } from './constants.js';
export { type RuleSetOptions, splitList } from './loading/load-rule-set.js';
export {
  type CorrelationFold,
  correlationKey,
  effectiveCondition,
  foldCorrelation,
  foldCorrelationInPlace,
  isMonotonic,
} from './correlation/fold-correlation.js';
export type { CorrelationRule } from './correlation/types.js';
export { correlationGraph, depthByDepth } from './correlation/correlation-graph.js';
export { MatchBook, matchBookOf } from './correlation/match-book.js';
export { ipContextRules } from './loading/ip-context-rules.js';
