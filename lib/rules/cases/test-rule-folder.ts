import { basename } from 'node:path';
import { RuleSetLoadError } from '../errors.js';
import { loadRuleFolder } from '../loading/load-rule-folder.js';
import { applySigmaFilters } from '../languages/sigma/sigma-filter.js';
import { compiledBuiltinRules } from '../loading/load-rule-set.js';
import { type CaseOptions, type CaseResult, loadCasesFile, runCase } from './run-cases.js';
import type { CompiledRule, Refusal } from '../types.js';

/** What `trailwatch rules test` reports for a folder. */
export type FolderTestReport = {
  results: CaseResult[];
  /** Rules without a `<name>.cases.json` beside them. */
  untested: string[];
  refused: Refusal[];
};

/**
 * Runs the fixtures of every rule in a folder: each `<name>.cases.json` beside `<name>.yml`.
 * Cases files named after a built-in rule id (as in lib/rules/pack) test that built-in rule,
 * so the pack itself can be tested with the same command.
 * @param path - the folder (or one rule file)
 * @param options - how first-seen rules' cases get a baseline store (`CaseOptions`)
 * @returns every case result, the rules without cases, and refused Sigma files
 * @throws RuleSetLoadError when a rule or cases file is invalid
 * @example
 * const report = await testRuleFolder('rules/');
 * const failed = report.results.filter((r) => !r.passed);
 */
export const testRuleFolder = async (path: string, options: CaseOptions = {}): Promise<FolderTestReport> => {
  const folder = loadRuleFolder(path);
  if (folder.errors.length > 0) throw new RuleSetLoadError(folder.errors);
  const filtered = applySigmaFilters(folder.rules, folder.filters);
  const builtin = new Map(compiledBuiltinRules().map((r) => [r.meta.id, r]));
  const targets: Array<{ rule: CompiledRule; casesFile: string }> = [];
  const claimed = new Set<string>();
  const untested: string[] = [];
  for (const rule of filtered.rules) {
    if (rule.casesFile) {
      targets.push({ rule, casesFile: rule.casesFile });
      claimed.add(rule.casesFile);
    } else {
      untested.push(rule.meta.id);
    }
  }
  for (const casesFile of folder.cases.values()) {
    const rule = builtin.get(basename(casesFile, '.cases.json'));
    if (!claimed.has(casesFile) && rule) targets.push({ rule, casesFile });
  }
  const results: CaseResult[] = [];
  for (const { rule, casesFile } of targets) {
    for (const c of loadCasesFile(casesFile)) results.push(await runCase(rule, c, options));
  }
  return { results, untested, refused: [...folder.refused, ...filtered.refused] };
};
