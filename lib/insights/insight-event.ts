import { createHash } from 'node:crypto';
import type { Alert } from '../model/alert.js';
import type { CloudTrailRecord } from '../model/record.js';
import { addHours } from '../cost/hours.js';
import { RULE_IDS } from './constants.js';
import type { InsightEvent, OpenInsight } from './types.js';

const hash = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** A UUID-shaped id derived from its inputs: the same insight gives the same id on every run. */
export const stableUuid = (...parts: string[]): string => {
  const h = hash(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const perMinute = (perHour: number): number => Math.round((perHour / 60) * 1e4) / 1e4;

/**
 * The CloudTrail Insights event for the start or end of an insight, in the shape of
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-insights-fields-trails.html:
 * averages per minute; `insightDuration` and `baselineDuration` in minutes; Start and End share
 * `sharedEventID`.
 *
 * @param state - Start: at the first unusual hour; End: when an hour is back within the baseline
 * @param at - eventTime hour of the first unusual hour (Start) or of the first usual one (End)
 * @param insightPerHour - Start: the first hour's count; End: the average over the insight
 */
export const insightEvent = (
  account: string,
  open: OpenInsight,
  state: 'Start' | 'End',
  at: string,
  insightPerHour: number
): InsightEvent => {
  const durationHours =
    state === 'Start'
      ? 1
      : Math.max(1, Math.round((Date.parse(`${at}:00:00Z`) - Date.parse(`${open.startHour}:00:00Z`)) / 3_600_000));
  return {
    eventVersion: '1.08',
    eventTime: `${at}:00:00Z`,
    awsRegion: open.region,
    eventID: stableUuid(open.sharedEventID, state),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: account,
    sharedEventID: open.sharedEventID,
    eventCategory: 'Insight',
    insightDetails: {
      state,
      eventSource: open.eventSource,
      eventName: open.eventName,
      insightType: open.insightType,
      ...(open.errorCode !== undefined && { errorCode: open.errorCode }),
      insightContext: {
        statistics: {
          baseline: { average: perMinute(open.baselinePerHour) },
          insight: { average: perMinute(insightPerHour) },
          insightDuration: durationHours * 60,
          baselineDuration: open.baselineMinutes,
        },
      },
    },
  };
};

/** The sharedEventID of an insight on a series that starts at an hour. */
export const sharedEventIdOf = (account: string, series: string, startHour: string): string =>
  stableUuid(account, series, startHour);

/**
 * An Insights event as a trailwatch alert (category `insight`; the EventBridge sink sends it
 * with detail-type `CloudTrail Insight`). The id is derived from the event's eventID, so a
 * re-run resends the same id.
 */
export const insightAlert = (event: InsightEvent, open: OpenInsight, count: number): Alert => {
  const d = event.insightDetails;
  const stats = d.insightContext.statistics;
  const what = d.insightType === 'ApiCallRateInsight' ? 'call rate' : `error rate (${d.errorCode})`;
  const lastSeen =
    d.state === 'Start'
      ? `${event.eventTime.slice(0, 13)}:59:59Z`
      : `${addHours(event.eventTime.slice(0, 13), -1)}:59:59Z`;
  return {
    id: `insight-${hash(event.eventID).slice(0, 32)}`,
    category: 'insight',
    ruleId: RULE_IDS[d.insightType],
    title:
      d.state === 'Start'
        ? `Unusual ${d.eventSource} ${d.eventName} ${what}: ${stats.insight.average}/min against a baseline of ${stats.baseline.average}/min`
        : `${d.eventSource} ${d.eventName} ${what} back to baseline after ${stats.insightDuration} min`,
    description:
      `CloudTrail Insights-style ${d.insightType} ${d.state} in ${event.recipientAccountId} ${event.awsRegion}, computed by trailwatch ` +
      'from its hourly rollups against a trailing 7-day baseline with hour-of-day seasonality.',
    severity: d.state === 'Start' ? 'medium' : 'info',
    tags: ['cloudtrail-insight', d.insightType, d.state.toLowerCase()],
    account: event.recipientAccountId,
    region: event.awsRegion,
    eventSource: d.eventSource,
    eventName: d.eventName,
    count,
    firstSeen: `${open.startHour}:00:00Z`,
    lastSeen,
    eventIds: [],
    sample: event as unknown as CloudTrailRecord,
    details: { sharedEventID: event.sharedEventID, insightDetails: d },
  };
};
