import { type Severity, severityRank } from '../model/alert.js';
import type { FileSummary } from '../model/summary.js';
import { checkAccount } from './check-account.js';
import { checkBucket } from './check-bucket.js';
import { checkTrail } from './check-trail.js';
import { labelCopiesOf } from './label-copies.js';
import { auditedAccountOf, type TrailFacts, trailFactsOf } from './trail-facts.js';
import type { AuditReport, TrailFinding, TrailSnapshot, TrailSummary } from '../model/trails.js';
import { usageFromSummaries } from './usage-from-summaries.js';

/** What the audit may use besides the snapshot. */
export type AuditOptions = {
  /** Per-file summaries (any period; the last 30 days are used) to price the cost findings. */
  summaries?: readonly FileSummary[];
  /** Buckets trailwatch is configured to read; each should be some trail's bucket. */
  watchedBuckets?: readonly string[];
};

const summaryOf = (trail: TrailFacts): TrailSummary => {
  const d = trail.description;
  const insights = trail.calls?.insightSelectors;
  return {
    arn: trail.arn,
    name: trail.name,
    homeRegion: trail.homeRegion,
    accountId: trail.accountId,
    multiRegion: Boolean(d.IsMultiRegionTrail),
    organization: Boolean(d.IsOrganizationTrail),
    logging: trail.logging,
    bucket: d.S3BucketName ?? null,
    keyPrefix: d.S3KeyPrefix ?? null,
    kmsKeyId: d.KmsKeyId ?? null,
    logFileValidation: Boolean(d.LogFileValidationEnabled),
    globalServiceEvents: Boolean(d.IncludeGlobalServiceEvents),
    management: trail.management,
    dataEvents: trail.data ? trail.data.any : null,
    insights:
      insights?.status === 'ok'
        ? (insights.value.InsightSelectors ?? []).map((s) => s.InsightType ?? 'unknown')
        : insights?.status === 'absent'
          ? []
          : null,
    cloudWatchLogs: Boolean(d.CloudWatchLogsLogGroupArn),
    regions: trail.regions,
  };
};

const byImportance = (a: TrailFinding, b: TrailFinding): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  a.id.localeCompare(b.id) ||
  a.resource.localeCompare(b.resource);

/**
 * Audits a trail configuration snapshot: every check of lib/trails/checks/ over the account,
 * each trail and each trail bucket. Pure: no I/O, the same snapshot always gives the same report.
 *
 * A call that was denied or failed never crashes the audit and never passes silently: the checks
 * that need it come out as `not-evaluated` findings at `info` severity.
 * @param snapshot - from fetchTrailSnapshot (live) or readSnapshotDir (AWS CLI output)
 * @param options - per-file summaries for the cost findings, the buckets trailwatch reads
 * @returns the report: trails, copy labels and findings, most severe first
 * @example
 * const report = auditTrails(await readSnapshotDir('evidence/'), { watchedBuckets: ['org-trail-logs'] });
 * report.findings.filter((f) => f.severity === 'critical');
 */
export const auditTrails = (snapshot: TrailSnapshot, options: AuditOptions = {}): AuditReport => {
  const now = new Date(snapshot.takenAt);
  const trails = trailFactsOf(snapshot);
  const copies = labelCopiesOf(snapshot, trails);
  const usage =
    options.summaries && options.summaries.length > 0 ? usageFromSummaries(options.summaries, trails, now) : undefined;

  const findings: TrailFinding[] = [...checkAccount(snapshot, trails, options.watchedBuckets ?? [])];
  for (const trail of trails) findings.push(...checkTrail(trail, copies, usage, now));
  const buckets = [
    ...new Set(trails.map((t) => t.description.S3BucketName).filter((b): b is string => Boolean(b))),
  ].sort();
  for (const bucket of buckets) {
    findings.push(
      ...checkBucket(
        bucket,
        snapshot.buckets[bucket],
        trails.filter((t) => t.description.S3BucketName === bucket),
        usage
      )
    );
  }
  return {
    schemaVersion: 1,
    takenAt: snapshot.takenAt,
    accountId: auditedAccountOf(snapshot, trails) ?? null,
    regions: [...snapshot.regions],
    trails: trails.map(summaryOf),
    copies,
    findings: findings.sort(byImportance),
  };
};

/**
 * The failed findings at or above a severity (not-evaluated ones never count).
 * @param failOn - the lowest severity that fails the run
 */
export const findingsAtOrAbove = (findings: readonly TrailFinding[], failOn: Severity): TrailFinding[] =>
  findings.filter((f) => f.status === 'fail' && severityRank(f.severity) >= severityRank(failOn));
