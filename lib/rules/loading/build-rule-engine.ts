import type { Log } from '../../model/log.js';
import { loadRuleSet, type RuleSetOptions } from './load-rule-set.js';
import { RuleEngine } from '../engine/rule-engine.js';

/**
 * The rule engine a Lambda function runs: the built-in pack plus the rule folders of `options`
 * (`TRAILWATCH_RULES_DIRS` through lib/config), minus the disabled ids (`TRAILWATCH_DISABLED_RULES`),
 * judging severities against what the deployment watches (`options.context`). Call once per cold
 * start (module scope). Refused Sigma rules and disabled entries that name no rule are logged, not fatal:
 * a typo in a disable list must not stop ingest.
 * @param options - the rules section of the settings (lib/config/rules.ts)
 * @param log - where warnings go
 * @returns the engine; hand `engine.detector` to ingest
 * @throws RuleSetLoadError when a rule or suppression file is invalid (file, line, reason)
 * @example
 * const engine = buildRuleEngine(settings.rules, logger);
 * await processLogStream(body, ref, { detector: engine.detector, log: logger });
 */
export const buildRuleEngine = (options: RuleSetOptions, log: Log): RuleEngine => {
  const ruleSet = loadRuleSet(options);
  for (const refusal of ruleSet.refused)
    log.warn('rule refused', { file: refusal.file, line: refusal.line, reason: refusal.reason });
  if (ruleSet.unknownDisabled.length > 0) log.warn('disabled rules not found', { disabled: ruleSet.unknownDisabled });
  log.info('rules loaded', {
    rules: ruleSet.rules.length,
    suppressions: ruleSet.suppressions.length,
    refused: ruleSet.refused.length,
    dirs: options.dirs,
  });
  return new RuleEngine(ruleSet.rules, {
    suppressions: ruleSet.suppressions,
    log,
    ...(options.context ? { context: options.context } : {}),
  });
};
