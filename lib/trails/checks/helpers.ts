import type { Severity } from '../../model/alert.js';
import type { Outcome, TrailFinding, TrailSnapshot } from '../../model/trails.js';
import { reasonOf } from '../outcome.js';
import { auditedAccountOf, type TrailFacts } from '../trail-facts.js';
import type { CheckMeta } from './types.js';

/** The parts of a finding a check decides; the rest comes from the check's metadata. */
export type FindingParts = {
  trail: string | null;
  resource: string;
  evidence: Record<string, unknown>;
  remediation: string;
  title?: string;
  severity?: Severity;
  monthlyCostUsd?: number | null;
};

/** Where a finding points: the trail (if any) and the resource. */
export type Where = { trail: string | null; resource: string };

/** A failed check. */
export const fail = (check: CheckMeta, parts: FindingParts): TrailFinding => ({
  id: check.id,
  severity: parts.severity ?? check.severity,
  trail: parts.trail,
  resource: parts.resource,
  status: 'fail',
  title: parts.title ?? check.title,
  evidence: parts.evidence,
  remediation: parts.remediation,
  monthlyCostUsd: parts.monthlyCostUsd ?? null,
  controls: [...check.controls],
});

/**
 * A check that could not be made because a call it needs was denied or failed: reported at
 * `info` so it is seen without failing the run on permissions alone.
 * @param call - the API call, e.g. `s3:GetBucketVersioning`
 */
export const notEvaluated = (
  check: CheckMeta,
  where: Where,
  call: string,
  outcome: Outcome<unknown>
): TrailFinding => ({
  id: check.id,
  severity: 'info',
  trail: where.trail,
  resource: where.resource,
  status: 'not-evaluated',
  title: `${check.title}: not evaluated: ${reasonOf(outcome)}`,
  evidence: {
    call,
    outcome: outcome.status,
    ...(outcome.status !== 'ok' && { code: outcome.code, message: outcome.message }),
  },
  remediation: `grant ${call} to the auditing role, or collect its output into the --from-dir folder`,
  monthlyCostUsd: null,
  controls: [...check.controls],
});

/** The outcome of a call that was not made or not collected. */
export const notRead = <T>(call: string): Outcome<T> => ({
  status: 'skipped',
  code: 'NotCollected',
  message: `${call} not read`,
});

/** Creates a trail that passes the account-wide checks. */
export const CREATE_TRAIL =
  'aws cloudtrail create-trail --name trailwatch --s3-bucket-name <bucket> --is-multi-region-trail --include-global-service-events --enable-log-file-validation --kms-key-id <kms-key-arn> && aws cloudtrail start-logging --name trailwatch';

/** Why an account-wide check is not evaluated when some trail's status or selectors are unread. */
export const UNKNOWN_STATE: Outcome<never> = {
  status: 'error',
  code: 'Unknown',
  message: 'the state of some trails could not be read',
};

/** Where an account-wide finding points: `account <id>`. */
export const accountWhere = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]): Where => ({
  trail: null,
  resource: `account ${auditedAccountOf(snapshot, trails) ?? 'unknown'}`,
});

/** Whether some trail's logging state or management-event selectors are unread. */
export const someStateUnknown = (trails: readonly TrailFacts[]): boolean =>
  trails.some((t) => t.logging === null || t.management === null);

/** A logging multi-region trail that records all read and write management events. */
export const isFullTrail = (t: TrailFacts): boolean =>
  Boolean(t.description.IsMultiRegionTrail) &&
  t.logging === true &&
  t.management?.read === true &&
  t.management.write &&
  t.management.excludedSources.length === 0;

/** Where a per-trail finding points: the trail. */
export const trailWhere = (trail: TrailFacts): Where => ({ trail: trail.arn, resource: trail.arn });

/** `--name <arn> --region <home>`: trails are changed in their home region. */
export const nameOf = (trail: TrailFacts): string => `--name ${trail.arn} --region ${trail.homeRegion}`;

/** The trail's GetTrailStatus outcome. */
export const statusOf = (trail: TrailFacts) => trail.calls?.status ?? notRead<never>('GetTrailStatus');

/** The trail's GetEventSelectors outcome. */
export const selectorsOf = (trail: TrailFacts) => trail.calls?.eventSelectors ?? notRead<never>('GetEventSelectors');

/** The four Block Public Access settings. */
export const BLOCK_SETTINGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/** Where a per-bucket finding points: the bucket, and the first of its trails. */
export const bucketWhere = (bucket: string, trails: readonly TrailFacts[]): Where => ({
  trail: trails[0]?.arn ?? null,
  resource: `s3://${bucket}`,
});

/** The trails that write to the bucket with SSE-KMS. */
export const kmsTrailsOf = (trails: readonly TrailFacts[]): TrailFacts[] =>
  trails.filter((t) => Boolean(t.description.KmsKeyId));
