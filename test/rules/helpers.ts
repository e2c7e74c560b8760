import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { RecordAccess } from '../../lib/rules/engine/record-access.js';
import { baseCaseRecord } from '../../lib/rules/cases/case-records.js';
import { compileCondition, type Condition } from '../../lib/rules/engine/condition.js';
import { memoryBaselineStore } from '../../lib/incidents/memory-baseline-store.js';
import { firstSeenJudge } from '../../lib/pipelines/first-seen.js';
import type { CaseOptions } from '../../lib/rules/cases/run-cases.js';
import { parseYamlFile } from '../../lib/rules/languages/yaml/yaml-file.js';
import { compileYamlRule } from '../../lib/rules/languages/yaml/yaml-rule.js';

/**
 * The shared reference folder: `../shared` beside the repository (the CI layout and a plain
 * checkout), or `../../shared` from a worktree under wt/. Fails loudly when neither exists.
 */
export const sharedPath = (...parts: string[]): string => {
  for (const base of ['../shared', '../../shared']) {
    const path = resolve(base, ...parts);
    if (existsSync(path)) return path;
  }
  throw new Error(`shared/${parts.join('/')} not found beside the repository (looked in ../shared and ../../shared)`);
};

/** A realistic record: the cases' base record with the given fields over it. */
export const record = (fields: Record<string, unknown> = {}, seed = 'test'): CloudTrailRecord => ({
  ...baseCaseRecord(seed),
  ...fields,
});

/** Evaluates a condition on a parsed record. */
export const holds = (condition: Condition, r: CloudTrailRecord): boolean => {
  const access = new RecordAccess();
  access.reset(viewOf(r));
  return compileCondition(condition)(access);
};

/** Compiles a YAML rule from text. */
export const yamlRule = (text: string, file = 'rule.yml') =>
  compileYamlRule(parseYamlFile(file, text)[0] as ReturnType<typeof parseYamlFile>[number]);

/** Runs first-seen rules' cases over a fresh in-memory baseline store, the clock at the case's time. */
export const firstSeenCaseOptions: CaseOptions = {
  firstSeenJudge: (learningMs) =>
    firstSeenJudge({ store: memoryBaselineStore(undefined, () => new Date('2026-01-01T00:00:00Z')), learningMs }),
};
