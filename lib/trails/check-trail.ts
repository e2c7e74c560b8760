import { fail, notEvaluated } from './checks.js';
import { MAX_CLOUDWATCH_AGE_MS, MAX_DELIVERY_AGE_MS, MAX_DIGEST_AGE_MS, PRICES } from './constants.js';
import { copyCostOf } from './copy-cost.js';
import type { TrailFacts } from './trail-facts.js';
import type { CopyLabel, TrailFinding, TrailStatusResult } from '../model/trails.js';
import { toCents, type UsageIndex } from './usage-from-summaries.js';

const ERROR_FIELDS = [
  'LatestDeliveryError',
  'LatestDigestDeliveryError',
  'LatestNotificationError',
  'LatestCloudWatchLogsDeliveryError',
] as const satisfies ReadonlyArray<keyof TrailStatusResult>;

const ageMs = (now: Date, iso: string | undefined): number | null =>
  iso === undefined || Number.isNaN(Date.parse(iso)) ? null : now.getTime() - Date.parse(iso);

const hours = (ms: number): number => Math.round((ms / 3_600_000) * 10) / 10;

/** `--name <arn> --region <home>`: trails are changed in their home region. */
const nameOf = (trail: TrailFacts): string => `--name ${trail.arn} --region ${trail.homeRegion}`;

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

const statusChecks = (trail: TrailFacts, now: Date): TrailFinding[] => {
  const where = { trail: trail.arn, resource: trail.arn };
  const outcome = trail.calls?.status ?? {
    status: 'skipped',
    code: 'NotCollected',
    message: 'GetTrailStatus not read',
  };
  if (outcome.status !== 'ok') {
    return (['trail-not-logging', 'trail-delivery-error', 'trail-delivery-stale'] as const).map((id) =>
      notEvaluated(id, where, 'cloudtrail:GetTrailStatus', outcome)
    );
  }
  const status = outcome.value;
  const findings: TrailFinding[] = [];
  if (status.IsLogging !== true) {
    findings.push(
      fail('trail-not-logging', {
        ...where,
        title: `Trail ${trail.name} is not logging`,
        evidence: { IsLogging: status.IsLogging ?? null, StopLoggingTime: status.StopLoggingTime ?? null },
        remediation: `aws cloudtrail start-logging ${nameOf(trail)}`,
      })
    );
  }
  const errors = Object.fromEntries(ERROR_FIELDS.filter((f) => status[f]).map((f) => [f, status[f]]));
  if (Object.keys(errors).length > 0) {
    findings.push(
      fail('trail-delivery-error', {
        ...where,
        title: `Trail ${trail.name} reports ${Object.keys(errors).join(', ')}`,
        evidence: {
          ...errors,
          S3BucketName: trail.description.S3BucketName ?? null,
          KmsKeyId: trail.description.KmsKeyId ?? null,
        },
        remediation: errors.LatestCloudWatchLogsDeliveryError
          ? `aws iam get-role-policy --role-name <CloudWatchLogsRoleArn name> --policy-name <policy>   # the role needs logs:CreateLogStream and logs:PutLogEvents on ${trail.description.CloudWatchLogsLogGroupArn ?? '<log group>'}`
          : `aws s3api put-bucket-policy --bucket ${trail.description.S3BucketName ?? '<bucket>'} --policy file://cloudtrail-bucket-policy.json   # policy: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html; for KMS errors see the key policy`,
      })
    );
  }
  if (status.IsLogging === true) {
    const stale = staleness(trail, status, now);
    if (stale.length > 0) {
      findings.push(
        fail('trail-delivery-stale', {
          ...where,
          title: `Trail ${trail.name} has delivered no ${stale.map((s) => s.what).join(', ')} recently`,
          evidence: { stale, takenAt: now.toISOString() },
          remediation: `aws cloudtrail get-trail-status ${nameOf(trail)}   # check Latest*Error; then the bucket policy, key policy and CloudWatch Logs role`,
        })
      );
    }
  }
  return findings;
};

const configurationChecks = (trail: TrailFacts): TrailFinding[] => {
  const where = { trail: trail.arn, resource: trail.arn };
  const d = trail.description;
  const findings: TrailFinding[] = [];
  if (!d.LogFileValidationEnabled) {
    findings.push(
      fail('log-file-validation-off', {
        ...where,
        evidence: { LogFileValidationEnabled: d.LogFileValidationEnabled ?? false },
        remediation: `aws cloudtrail update-trail ${nameOf(trail)} --enable-log-file-validation`,
      })
    );
  }
  if (!d.KmsKeyId) {
    findings.push(
      fail('kms-encryption-off', {
        ...where,
        evidence: { KmsKeyId: null },
        remediation: `aws cloudtrail update-trail ${nameOf(trail)} --kms-key-id <kms-key-arn>   # key policy: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html`,
      })
    );
  }
  if (!d.CloudWatchLogsLogGroupArn) {
    findings.push(
      fail('cloudwatch-logs-off', {
        ...where,
        evidence: { CloudWatchLogsLogGroupArn: null },
        remediation: `aws cloudtrail update-trail ${nameOf(trail)} --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>`,
      })
    );
  }
  if (trail.logging !== false) {
    const insights = trail.calls?.insightSelectors ?? {
      status: 'skipped',
      code: 'NotCollected',
      message: 'GetInsightSelectors not read',
    };
    const off =
      insights.status === 'ok' ? (insights.value.InsightSelectors ?? []).length === 0 : insights.status === 'absent';
    if (insights.status !== 'ok' && insights.status !== 'absent') {
      findings.push(notEvaluated('insights-off', where, 'cloudtrail:GetInsightSelectors', insights));
    } else if (off) {
      findings.push(
        fail('insights-off', {
          ...where,
          evidence: { InsightSelectors: [] },
          remediation: `aws cloudtrail put-insight-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'   # $0.35 per 100,000 events analysed per type`,
        })
      );
    }
  }
  return findings;
};

const selectorChecks = (
  trail: TrailFacts,
  labels: readonly CopyLabel[],
  usage: UsageIndex | undefined
): TrailFinding[] => {
  const where = { trail: trail.arn, resource: trail.arn };
  const selectors = trail.calls?.eventSelectors ?? {
    status: 'skipped',
    code: 'NotCollected',
    message: 'GetEventSelectors not read',
  };
  if (selectors.status !== 'ok') {
    return (['management-events-duplicate-copy', 'data-events-unscoped'] as const).map((id) =>
      notEvaluated(id, where, 'cloudtrail:GetEventSelectors', selectors)
    );
  }
  const findings: TrailFinding[] = [];
  if (labels.some((l) => l.trailArn === trail.arn && l.copy === 'additional')) {
    const cost = copyCostOf(trail, labels, usage);
    const regionList = cost.regions.map((r) => r.region);
    findings.push(
      fail('management-events-duplicate-copy', {
        ...where,
        title: `Trail ${trail.name} is a paid additional copy of management events in ${regionList.length} region(s)`,
        evidence: {
          regions: cost.regions,
          pricePer100k: 2.0,
          window: usage ? { from: usage.from, to: usage.to, coveredDays: usage.coveredDays } : null,
          options: {
            excludeKmsAndRdsData: {
              monthlySavingUsd: cost.monthlySavingExcludingKmsRdsUsd,
              command: `aws cloudtrail put-event-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --advanced-event-selectors '[{"Name":"Management without KMS and RDS Data","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventSource","NotEquals":["kms.amazonaws.com","rdsdata.amazonaws.com"]}]}]'`,
            },
            cloudTrailLake: {
              monthlyUsd: cost.lakeMonthlyUsd,
              note: 'an event data store bills $0.75/GB ingested (one-year retention included) instead of $2.00 per 100,000 events',
            },
            deleteCopy: `aws cloudtrail delete-trail ${nameOf(trail)}`,
          },
        },
        remediation: `aws cloudtrail delete-trail ${nameOf(trail)}   # if it only duplicates ${cost.regions[0]?.firstCopy ?? 'the first copy'}; else exclude KMS/RDS Data events (see evidence.options)`,
        monthlyCostUsd: cost.monthlyUsd,
      })
    );
  }
  if (trail.data && trail.data.unscopedBasic.length > 0) {
    const data = usage?.byTrail[trail.arn]?.data;
    const scale = usage?.monthScale ?? 1;
    const monthly = data ? toCents((data.read + data.write) * scale * PRICES.dataEventPerEvent) : null;
    const readSaving = data ? toCents(data.read * scale * PRICES.dataEventPerEvent) : null;
    findings.push(
      fail('data-events-unscoped', {
        ...where,
        title: `Trail ${trail.name} logs every ${trail.data.unscopedBasic.join(' and ')} with basic selectors`,
        evidence: {
          unscoped: trail.data.unscopedBasic,
          monthlyDataEvents: data ? Math.round((data.read + data.write) * scale) : null,
          monthlyReadDataEvents: data ? Math.round(data.read * scale) : null,
          monthlySavingWriteOnlyUsd: readSaving,
          window: usage ? { from: usage.from, to: usage.to, coveredDays: usage.coveredDays } : null,
        },
        remediation: `aws cloudtrail put-event-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --advanced-event-selectors '[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 writes outside the trail bucket","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]},{"Field":"resources.ARN","NotStartsWith":["arn:aws:s3:::${trail.description.S3BucketName ?? '<trail-bucket>'}/"]}]}]'`,
        monthlyCostUsd: monthly,
      })
    );
  }
  return findings;
};

/**
 * The per-trail checks: status (logging, errors, delivery age), validation, KMS, CloudWatch Logs,
 * Insights, paid management-event copies and unscoped data events.
 * @param trail - one trail of the snapshot
 * @param labels - the copy labels of the snapshot
 * @param usage - the usage index when per-file summaries were given
 * @param now - the snapshot time
 * @returns the trail's findings
 */
export const checkTrail = (
  trail: TrailFacts,
  labels: readonly CopyLabel[],
  usage: UsageIndex | undefined,
  now: Date
): TrailFinding[] => [
  ...statusChecks(trail, now),
  ...configurationChecks(trail),
  ...selectorChecks(trail, labels, usage),
];
