import type { AlertSinkConfig } from '../alerts/alert-sink-config.js';
import type { RuleSetOptions } from '../rules/index.js';
import { loadAlertSinkConfig } from './alerts.js';
import { type AuditSettings, loadAuditSettings } from './audit.js';
import { type ContextSettings, loadContextSettings } from './context.js';
import { type Config, loadConfig } from './core.js';
import { type DigestSettings, loadDigestConfig } from './digest.js';
import { type IncidentSettings, loadIncidentSettings } from './incidents.js';
import { loadRuleSettings } from './rules.js';

export { loadAlertSinkConfig } from './alerts.js';
export { type AuditSettings, loadAuditSettings } from './audit.js';
export { type ContextSettings, loadContextSettings } from './context.js';
export { type Config, loadConfig, requireResultsBucket } from './core.js';
export { type DigestSettings, loadDigestConfig, requireTrailBucket, trailFolderOf } from './digest.js';
export { type IncidentSettings, loadIncidentSettings } from './incidents.js';
export { loadRuleSettings } from './rules.js';

/**
 * Every setting of trailwatch, in typed sections, read once per cold start. The rollup's cost settings
 * (`lib/config/cost.ts`, zod-validated price tables) are loaded by the rollup alone, so zod stays out of
 * the other functions' bundles.
 */
export type Settings = {
  /** Region, results bucket, S3 endpoint, digest queue. */
  core: Config;
  alerts: AlertSinkConfig;
  audit: AuditSettings;
  /** Trail bucket, hash concurrency, heartbeat windows and saved public keys of verify and heartbeat. */
  digest: DigestSettings;
  /** Extra rule folders and disabled rule ids. */
  rules: RuleSetOptions;
  /** The incident table (`INCIDENT_TABLE`). */
  incidents: IncidentSettings;
  /** The IP data folder of the offline context (`TRAILWATCH_IP_DATA_DIR`). */
  context: ContextSettings;
};

/**
 * The one settings loader: reads the environment into typed sections. Each section is read on first use,
 * so a function fails its cold start on a malformed variable it needs and never on one it does not.
 * @param env - usually `process.env`
 * @throws ConfigError naming the variable that is missing or malformed
 * @example
 * const settings = loadSettings(process.env);
 * const sink = createAlertSink(settings.alerts);
 */
export const loadSettings = (env: NodeJS.ProcessEnv): Settings => {
  const cache: Partial<Settings> = {};
  const section = <K extends keyof Settings>(key: K, load: () => Settings[K]): Settings[K] => {
    cache[key] ??= load();
    return cache[key] as Settings[K];
  };
  return {
    get core() {
      return section('core', () => loadConfig(env));
    },
    get alerts() {
      return section('alerts', () => loadAlertSinkConfig(env));
    },
    get audit() {
      return section('audit', () => loadAuditSettings(env));
    },
    get digest() {
      return section('digest', () => loadDigestConfig(env));
    },
    get rules() {
      return section('rules', () => loadRuleSettings(env));
    },
    get incidents() {
      return section('incidents', () => loadIncidentSettings(env));
    },
    get context() {
      return section('context', () => loadContextSettings(env));
    },
  };
};
