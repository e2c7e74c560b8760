import type { Severity } from '../model/alert.js';
import type { Outcome, TrailFinding } from '../model/trails.js';
import { type FindingParts, fail as failCheck, notEvaluated as notEvaluatedCheck } from './checks/helpers.js';
import { CATALOGUE_ORDER } from './checks/index.js';

export type { FindingParts } from './checks/helpers.js';

/** The id of a check: the name of its file in lib/trails/checks/. */
export type CheckId = (typeof CATALOGUE_ORDER)[number]['id'];

/**
 * Every check the audit makes: id, default severity, title and the controls it corresponds to
 * (Security Hub CSPM control ids `CloudTrail.n`/`S3.n`, Prowler check ids `prowler:…`), taken from
 * the check files in lib/trails/checks/.
 * Security Hub ids and titles from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html;
 * Prowler ids from prowler/providers/aws/services/cloudtrail/ in github.com/prowler-cloud/prowler.
 * docs/trails.md renders this table; test/trails/checks-catalog.test.ts keeps the two in step.
 */
export const CHECKS = Object.fromEntries(
  CATALOGUE_ORDER.map(({ id, severity, title, controls }) => [id, { severity, title, controls }])
) as Readonly<Record<CheckId, { severity: Severity; title: string; controls: readonly string[] }>>;

const metaOf = (id: CheckId) => ({ id, ...CHECKS[id] });

/** A failed check. */
export const fail = (id: CheckId, parts: FindingParts): TrailFinding => failCheck(metaOf(id), parts);

/**
 * A check that could not be made because a call it needs was denied or failed: reported at
 * `info` so it is seen without failing the run on permissions alone.
 * @param call - the API call, e.g. `s3:GetBucketVersioning`
 */
export const notEvaluated = (
  id: CheckId,
  where: { trail: string | null; resource: string },
  call: string,
  outcome: Outcome<unknown>
): TrailFinding => notEvaluatedCheck(metaOf(id), where, call, outcome);
