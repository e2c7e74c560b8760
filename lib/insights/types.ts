import type { InsightType } from '../cost/types.js';

export type { InsightType };

/**
 * Counts of one series by eventTime hour (`YYYY-MM-DDTHH` → count). A series id is
 * `ApiCallRateInsight|<region>|<eventSource>|<eventName>` (write management calls) or
 * `ApiErrorRateInsight|<region>|<eventSource>|<eventName>|<errorCode>` (failed management calls).
 */
export type SeriesCounts = Record<string, Record<string, number>>;

/** An insight that started and has not ended yet. */
export type OpenInsight = {
  insightType: InsightType;
  region: string;
  eventSource: string;
  eventName: string;
  errorCode?: string;
  /** First unusual eventTime hour. */
  startHour: string;
  /** Last unusual hour seen so far. */
  lastHour: string;
  /** Calls (or errors) in the unusual hours so far. */
  total: number;
  /** Baseline at the start: expected per hour, and the minutes of history it came from. */
  baselinePerHour: number;
  baselineMinutes: number;
  sharedEventID: string;
};

/** Version of the detector state shape. */
export const DETECTOR_STATE_VERSION = 1;

/**
 * One account's detector state, kept in the results bucket between runs.
 * `recent` holds each of the last few delivery hours' contribution as it was last computed
 * (set, never added, so re-running an hour changes nothing); older delivery hours are folded
 * once into `settled`, stored densely from `settledFrom`.
 */
export type AccountState = {
  schemaVersion: typeof DETECTOR_STATE_VERSION;
  account: string;
  /** First delivery hour the detector saw data for: history starts here. */
  firstHour: string;
  /** Latest delivery hour applied. */
  throughHour: string;
  /** Latest eventTime hour evaluated. */
  evaluatedThrough: string;
  /** Delivery hours up to here are in `settled`. */
  settledThrough: string;
  settledFrom: string;
  /** Series id → counts from `settledFrom` on (index 0 is `settledFrom`). */
  settled: Record<string, number[]>;
  /** Delivery hour → its contribution. */
  recent: Record<string, SeriesCounts>;
  /** Delivery hour → digest (hourly manifest entry) of the rollup its contribution came from. */
  digests: Record<string, string>;
  /** Series id → the insight open on it. */
  open: Record<string, OpenInsight>;
};

/** Thresholds of the detector (docs/cost.md explains each). */
export type DetectorConfig = {
  /** Hours of trailing baseline (7 days). */
  baselineHours: number;
  /** History an account needs before anything is raised. */
  minHistoryHours: number;
  /** Start when the hour is at least this many noise units above the expected value… */
  startSigma: number;
  /** …and at least this multiple of it… */
  minRatio: number;
  /** …and at least this many calls (call rate) or errors (error rate) in the hour. */
  minCallsPerHour: number;
  minErrorsPerHour: number;
  /** End when the hour is back within this many noise units (or under the minimum volume). */
  endSigma: number;
  /** eventTime hours evaluated this many hours behind the newest delivery hour (late delivery). */
  settleHours: number;
  /** Delivery hours kept as recomputable contributions (must exceed the run's lookback). */
  recentHours: number;
  /** After an outage, evaluate at most this many hours (older ones are skipped). */
  maxCatchUpHours: number;
};

/** The CloudTrail Insights event shape the detector emits (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html). */
export type InsightEvent = {
  eventVersion: string;
  eventTime: string;
  awsRegion: string;
  eventID: string;
  eventType: 'AwsCloudTrailInsight';
  recipientAccountId: string;
  sharedEventID: string;
  eventCategory: 'Insight';
  insightDetails: {
    state: 'Start' | 'End';
    eventSource: string;
    eventName: string;
    insightType: InsightType;
    errorCode?: string;
    insightContext: {
      statistics: {
        baseline: { average: number };
        insight: { average: number };
        insightDuration: number;
        baselineDuration: number;
      };
    };
  };
};
