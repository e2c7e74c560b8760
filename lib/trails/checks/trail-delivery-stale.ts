import type { TrailStatusResult } from '../../model/trails.js';
import { MAX_CLOUDWATCH_AGE_MS, MAX_DELIVERY_AGE_MS, MAX_DIGEST_AGE_MS } from '../constants.js';
import type { TrailFacts } from '../trail-facts.js';
import { fail, nameOf, notEvaluated, statusOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

const ageMs = (now: Date, iso: string | undefined): number | null =>
  iso === undefined || Number.isNaN(Date.parse(iso)) ? null : now.getTime() - Date.parse(iso);

const hours = (ms: number): number => Math.round((ms / 3_600_000) * 10) / 10;

/** What is stale: S3 delivery, digests, CloudWatch Logs. */
const staleness = (trail: TrailFacts, status: TrailStatusResult, now: Date): Record<string, unknown>[] => {
  const stale: Record<string, unknown>[] = [];
  const started = ageMs(now, status.StartLoggingTime);
  const delivery = ageMs(now, status.LatestDeliveryTime);
  if (delivery === null ? started === null || started > MAX_DELIVERY_AGE_MS : delivery > MAX_DELIVERY_AGE_MS) {
    stale.push({
      what: 'log files',
      latestDeliveryTime: status.LatestDeliveryTime ?? null,
      hoursAgo: delivery && hours(delivery),
    });
  }
  if (trail.description.LogFileValidationEnabled) {
    const digest = ageMs(now, status.LatestDigestDeliveryTime);
    if (digest === null ? started === null || started > MAX_DIGEST_AGE_MS : digest > MAX_DIGEST_AGE_MS) {
      stale.push({
        what: 'digest files',
        latestDigestDeliveryTime: status.LatestDigestDeliveryTime ?? null,
        hoursAgo: digest && hours(digest),
      });
    }
  }
  if (trail.description.CloudWatchLogsLogGroupArn) {
    const logs = ageMs(now, status.LatestCloudWatchLogsDeliveryTime);
    if (logs === null ? started === null || started > MAX_CLOUDWATCH_AGE_MS : logs > MAX_CLOUDWATCH_AGE_MS) {
      stale.push({
        what: 'CloudWatch Logs',
        latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime ?? null,
        hoursAgo: logs && hours(logs),
      });
    }
  }
  return stale;
};

/** A logging trail has delivered log files (and digests, CloudWatch Logs when on) recently. */
export const check: TrailCheck<'trail-delivery-stale'> = {
  id: 'trail-delivery-stale',
  severity: 'medium',
  title: 'Trail has delivered nothing recently',
  controls: ['prowler:cloudtrail_cloudwatch_logging_enabled'],
  evaluate: ({ trail, now }) => {
    const where = trailWhere(trail);
    const outcome = statusOf(trail);
    if (outcome.status !== 'ok') return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus', outcome)];
    if (outcome.value.IsLogging !== true) return [];
    const stale = staleness(trail, outcome.value, now);
    if (stale.length === 0) return [];
    return [
      fail(check, {
        ...where,
        title: `Trail ${trail.name} has delivered no ${stale.map((s) => s.what).join(', ')} recently`,
        evidence: { stale, takenAt: now.toISOString() },
        remediation: `aws cloudtrail get-trail-status ${nameOf(trail)}   # check Latest*Error; then the bucket policy, key policy and CloudWatch Logs role`,
      }),
    ];
  },
};
