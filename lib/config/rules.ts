import { isAbsolute, resolve } from 'node:path';
// Inner files, not the front door: settings must not pull the rule pack into every function's bundle.
import { RULES_ENV } from '../rules/constants.js';
import type { RuleSetOptions } from '../rules/loading/load-rule-set.js';

/** Splits a comma-separated list, dropping blanks. */
const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Reads rule settings from the environment, for the Lambda functions:
 * `TRAILWATCH_RULES_DIRS` (comma-separated folders, relative to the working directory, i.e. the
 * deployment package root) and `TRAILWATCH_DISABLED_RULES` (comma-separated ids or globs), and
 * what the pipeline itself reads, so a rule can judge calls on it as critical: the trail
 * bucket(s) (`TRAIL_BUCKET`, `TRAIL_BUCKETS`), the queues (`INGEST_QUEUE_URL`,
 * `DIGEST_QUEUE_URL`) and the EventBridge rules (`TRAILWATCH_EVENT_RULES`: names, ARNs or
 * prefixes ending in `*`). Unset variables leave the lists empty ("not known").
 * @param env - usually `process.env`
 */
export const loadRuleSettings = (env: NodeJS.ProcessEnv): RuleSetOptions => ({
  dirs: splitList(env[RULES_ENV.dirs]).map((d) => (isAbsolute(d) ? d : resolve(d))),
  disabled: splitList(env[RULES_ENV.disabled]),
  context: {
    watchedBuckets: [...new Set([...splitList(env.TRAIL_BUCKET), ...splitList(env.TRAIL_BUCKETS)])],
    watchedQueues: [...new Set([...splitList(env.INGEST_QUEUE_URL), ...splitList(env.DIGEST_QUEUE_URL)])],
    watchedEventRules: splitList(env.TRAILWATCH_EVENT_RULES),
  },
});
