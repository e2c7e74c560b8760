import { formatCompactDate, formatDateFolder, parseCliDate } from './python-dates.js';
import type { TrailCoordinates } from '../types.js';

const BACKFILL_SUFFIX = '_backfill.json.gz';

/** Whether a digest key names a backfill digest (`…_backfill.json.gz`). */
export const isBackfillDigestKey = (key: string): boolean => key.endsWith(BACKFILL_SUFFIX);

/**
 * The `YYYYMMDDTHHMMSSZ` end time in a digest key, sliced by position as the CLI does
 * (`key[-24:-8]`, or `key[-33:-17]` for backfill), so odd keys behave as they do there.
 */
export const digestKeyDateText = (key: string): string =>
  isBackfillDigestKey(key) ? key.slice(-33, -17) : key.slice(-24, -8);

/**
 * The end time in a digest key as a date.
 * @throws Error `Unable to parse date value: …` when the slice is no date (a stray key)
 */
export const digestKeyDate = (key: string): Date => parseCliDate(digestKeyDateText(key));

const withPrefix = (prefix: string | undefined, rest: string): string => (prefix ? `${prefix}/${rest}` : rest);

const accountPath = (trail: TrailCoordinates): string =>
  trail.organizationId ? `AWSLogs/${trail.organizationId}/${trail.accountId}` : `AWSLogs/${trail.accountId}`;

/** `[<prefix>/]AWSLogs/[<o-id>/]<acct>/CloudTrail-Digest/<source-region>`: the CLI's listing prefix. */
export const digestListingPrefix = (trail: TrailCoordinates): string =>
  withPrefix(trail.prefix, `${accountPath(trail)}/CloudTrail-Digest/${trail.sourceRegion}`);

/** `[<prefix>/]AWSLogs/[<o-id>/]<acct>/CloudTrail/<source-region>/`: where the log files are. */
export const logListingPrefix = (trail: TrailCoordinates): string =>
  withPrefix(trail.prefix, `${accountPath(trail)}/CloudTrail/${trail.sourceRegion}/`);

/**
 * The digest key that would exist for `time`: the CLI's listing marker, computed for `start − 1 min`.
 * @example
 * digestKeyFor(trail, new Date('2026-01-02T09:59:00Z'))
 * // 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20260102T095900Z.json.gz'
 */
export const digestKeyFor = (trail: TrailCoordinates, time: Date): string =>
  withPrefix(
    trail.prefix,
    `${accountPath(trail)}/CloudTrail-Digest/${trail.sourceRegion}/${formatDateFolder(time)}/${trail.accountId}_CloudTrail-Digest_${
      trail.sourceRegion
    }_${trail.name}_${trail.homeRegion}_${formatCompactDate(time)}.json.gz`
  );

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The CLI's filter for keys of this trail, standard and backfill (note the loose `.+` before the suffix). */
export const digestKeyPattern = (trail: TrailCoordinates): RegExp => {
  const acct = escapeRegExp(trail.accountId);
  const src = escapeRegExp(trail.sourceRegion);
  const org = trail.organizationId ? `${trail.organizationId}/` : '';
  const body = `AWSLogs/${org}${acct}/CloudTrail\\-Digest/${src}/\\d+/\\d+/\\d+/${acct}_CloudTrail\\-Digest_${src}_${escapeRegExp(
    trail.name
  )}_${escapeRegExp(trail.homeRegion)}_.+(?:_backfill)?\\.json\\.gz`;
  return new RegExp(`^${trail.prefix ? `${escapeRegExp(trail.prefix)}/` : ''}${body}$`);
};
