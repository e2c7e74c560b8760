import type { Alert } from '../../model/alert.js';
import type { IpEnricher } from '../../model/ip-context.js';
import type { Log } from '../../model/log.js';
import type { Clock } from '../../model/ports.js';
import { RuleEngine } from '../engine/rule-engine.js';
import { loadUsableRuleSet, type RuleSetOptions } from './load-rule-set.js';
import { ruleFileFindings } from './rule-file-findings.js';

/** The engine a Lambda function runs, and the findings about rule files it had to leave out. */
export type BuiltRuleEngine = {
  engine: RuleEngine;
  /** `configuration` alerts, one per invalid or refused rule file; send them once per cold start. */
  findings: Alert[];
};

/**
 * The rule engine a Lambda function runs: the built-in pack plus the rule folders of `options`
 * (`TRAILWATCH_RULES_DIRS` through lib/config), minus the disabled ids (`TRAILWATCH_DISABLED_RULES`),
 * judging severities against what the deployment watches (`options.context`). Call once per cold
 * start (module scope).
 *
 * Never fails on a user file: an invalid rule or suppression file (or a later duplicate id) is
 * left out, logged as an error and returned as a `configuration` finding naming file, line and
 * reason, and the built-in rules and every other file keep running. Refused Sigma files become
 * low findings; disabled entries that name no rule are logged. (The CLI, by contrast, exits 1 on
 * an invalid file: loadRuleSet.)
 * @param options - the rules section of the settings (lib/config/rules.ts)
 * @param log - where warnings go
 * @param now - the clock that stamps the findings
 * @param enricher - the offline IP context (lib/context), when the deployment ships its data
 * @returns the engine (hand `engine.detector` to ingest) and the findings to send
 * @example
 * const { engine, findings } = buildRuleEngine(settings.rules, logger);
 * await processLogStream(body, ref, { detector: engine.detector, log: logger });
 */
export const buildRuleEngine = (
  options: RuleSetOptions,
  log: Log,
  now: Clock = () => new Date(),
  enricher?: IpEnricher
): BuiltRuleEngine => {
  const ruleSet = loadUsableRuleSet(options);
  for (const error of ruleSet.invalid)
    log.error('rule file skipped', { file: error.file, line: error.line, reason: error.reason });
  for (const refusal of ruleSet.refused)
    log.warn('rule refused', { file: refusal.file, line: refusal.line, reason: refusal.reason });
  if (ruleSet.unknownDisabled.length > 0) log.warn('disabled rules not found', { disabled: ruleSet.unknownDisabled });
  log.info('rules loaded', {
    rules: ruleSet.rules.length,
    correlations: ruleSet.correlations.length,
    suppressions: ruleSet.suppressions.length,
    refused: ruleSet.refused.length,
    skipped: ruleSet.invalid.length,
    dirs: options.dirs,
  });
  return {
    engine: new RuleEngine(ruleSet.rules, {
      suppressions: ruleSet.suppressions,
      correlations: ruleSet.correlations,
      log,
      ...(options.context ? { context: options.context } : {}),
      ...(enricher ? { enricher } : {}),
    }),
    findings: ruleFileFindings(ruleSet.invalid, ruleSet.refused, now()),
  };
};
