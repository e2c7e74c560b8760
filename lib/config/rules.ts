import { isAbsolute, resolve } from 'node:path';
import { RULES_ENV, type RuleSetOptions, splitList } from '../rules/index.js';

/**
 * Reads rule settings from the environment, for the Lambda functions:
 * `TRAILWATCH_RULES_DIRS` (comma-separated folders, relative to the working directory, i.e. the
 * deployment package root) and `TRAILWATCH_DISABLED_RULES` (comma-separated ids or globs).
 * @param env - usually `process.env`
 */
export const loadRuleSettings = (env: NodeJS.ProcessEnv): RuleSetOptions => ({
  dirs: splitList(env[RULES_ENV.dirs]).map((d) => (isAbsolute(d) ? d : resolve(d))),
  disabled: splitList(env[RULES_ENV.disabled]),
});
