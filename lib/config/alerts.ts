import type { AlertSinkConfig } from '../alerts/alert-sink-config.js';
import { ConfigError } from '../model/errors.js';
import type { AlertFormat } from '../alerts/constants.js';
import { ALERT_FORMATS } from '../alerts/constants.js';
import { parseArn } from '../alerts/parse-arn.js';
import type { Severity } from '../model/alert.js';
import { SEVERITIES } from '../model/alert.js';

const blank = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v.trim();

const severity = (env: NodeJS.ProcessEnv, name: string): Severity | undefined => {
  const value = blank(env[name])?.toLowerCase();
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${SEVERITIES.join(', ')}, got '${value}'`);
  }
  return value as Severity;
};

const accountNames = (raw: string | undefined): Record<string, string> => {
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`ACCOUNT_NAMES must be a JSON object of account id to name: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('ACCOUNT_NAMES must be a JSON object of account id to name, e.g. {"123456789012":"prod"}');
  }
  for (const [id, name] of Object.entries(parsed)) {
    if (!/^\d{12}$/.test(id)) throw new ConfigError(`ACCOUNT_NAMES key '${id}' is not a 12-digit account id`);
    if (typeof name !== 'string' || name === '')
      throw new ConfigError(`ACCOUNT_NAMES['${id}'] must be a non-empty string`);
  }
  return parsed as Record<string, string>;
};

const positiveInt = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const value = blank(env[name]);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer, got '${value}'`);
  return n;
};

/**
 * Reads the alert settings from the environment. Empty values count as unset, so a
 * serverless param left at '' switches a sink off.
 *
 * | variable | meaning |
 * |---|---|
 * | ALERT_SNS_TOPIC_ARN | SNS topic (standard or `.fifo`) |
 * | ALERT_EVENT_BUS | bus name or ARN, `default` for the default bus |
 * | ALERT_SECURITY_HUB | `true` to import alerts into Security Hub (ASFF), one finding per incident |
 * | ALERT_SECURITY_HUB_ACCOUNT | the account that imports the findings (the stack's); unset: each alert's |
 * | ALERT_MIN_SEVERITY_SNS / _EVENTBRIDGE / _SECURITY_HUB | info, low, medium, high, critical |
 * | ALERT_FORMAT | native (default) or ocsf |
 * | ACCOUNT_NAMES | JSON map `{"123456789012":"prod"}` |
 * | ALERT_ORGANIZATIONS_LOOKUP | `true` to name accounts from Organizations ListAccounts |
 * | ALERT_FALLBACK | console (default) or none |
 * | ALERT_MAX_ATTEMPTS / ALERT_REQUEST_TIMEOUT_MS | SDK attempts per call / per-call timeout |
 *
 * Endpoints are not read here: the SDK honours AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_EVENTBRIDGE,
 * AWS_ENDPOINT_URL_ORGANIZATIONS, AWS_ENDPOINT_URL_SECURITYHUB and AWS_ENDPOINT_URL itself.
 * @param env - usually `process.env`
 * @throws ConfigError naming the variable that is malformed
 * @example createAlertSink(loadAlertSinkConfig(process.env))
 */
export const loadAlertSinkConfig = (env: NodeJS.ProcessEnv): AlertSinkConfig => {
  const snsTopicArn = blank(env.ALERT_SNS_TOPIC_ARN);
  if (snsTopicArn !== undefined && parseArn(snsTopicArn)?.service !== 'sns') {
    throw new ConfigError(`ALERT_SNS_TOPIC_ARN must be an SNS topic ARN, got '${snsTopicArn}'`);
  }
  const eventBus = blank(env.ALERT_EVENT_BUS);
  if (eventBus !== undefined && !/^[/.\-_A-Za-z0-9:]{1,1600}$/.test(eventBus)) {
    throw new ConfigError(`ALERT_EVENT_BUS must be an event bus name or ARN, got '${eventBus}'`);
  }
  const format = blank(env.ALERT_FORMAT)?.toLowerCase() ?? 'native';
  if (!(ALERT_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(`ALERT_FORMAT must be one of ${ALERT_FORMATS.join(', ')}, got '${format}'`);
  }
  const lookup = blank(env.ALERT_ORGANIZATIONS_LOOKUP)?.toLowerCase() ?? 'false';
  if (lookup !== 'true' && lookup !== 'false')
    throw new ConfigError(`ALERT_ORGANIZATIONS_LOOKUP must be true or false, got '${lookup}'`);
  const fallback = blank(env.ALERT_FALLBACK)?.toLowerCase() ?? 'console';
  if (fallback !== 'console' && fallback !== 'text' && fallback !== 'none') {
    throw new ConfigError(`ALERT_FALLBACK must be console, text or none, got '${fallback}'`);
  }
  const securityHub = blank(env.ALERT_SECURITY_HUB)?.toLowerCase() ?? 'false';
  if (securityHub !== 'true' && securityHub !== 'false')
    throw new ConfigError(`ALERT_SECURITY_HUB must be true or false, got '${securityHub}'`);
  const securityHubAccount = blank(env.ALERT_SECURITY_HUB_ACCOUNT);
  if (securityHubAccount !== undefined && !/^\d{12}$/.test(securityHubAccount))
    throw new ConfigError(`ALERT_SECURITY_HUB_ACCOUNT must be a 12-digit account id, got '${securityHubAccount}'`);
  const minSeveritySecurityHub = severity(env, 'ALERT_MIN_SEVERITY_SECURITY_HUB');
  const maxAttempts = positiveInt(env, 'ALERT_MAX_ATTEMPTS');
  const requestTimeoutMs = positiveInt(env, 'ALERT_REQUEST_TIMEOUT_MS');
  const minSeveritySns = severity(env, 'ALERT_MIN_SEVERITY_SNS');
  const minSeverityEventBridge = severity(env, 'ALERT_MIN_SEVERITY_EVENTBRIDGE');
  return {
    region: blank(env.AWS_REGION) ?? blank(env.AWS_DEFAULT_REGION) ?? 'us-east-1',
    ...(snsTopicArn !== undefined && { snsTopicArn }),
    ...(eventBus !== undefined && { eventBus }),
    ...(minSeveritySns !== undefined && { minSeveritySns }),
    ...(minSeverityEventBridge !== undefined && { minSeverityEventBridge }),
    ...(securityHub === 'true' && { securityHub: true }),
    ...(securityHubAccount !== undefined && { securityHubAccount }),
    ...(minSeveritySecurityHub !== undefined && { minSeveritySecurityHub }),
    format: format as AlertFormat,
    accountNames: accountNames(blank(env.ACCOUNT_NAMES)),
    organizationsLookup: lookup === 'true',
    fallback,
    ...(maxAttempts !== undefined && { maxAttempts }),
    ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
  };
};
