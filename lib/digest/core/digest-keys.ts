import { formatCompactDate, formatDateFolder, parseCliDate } from './python-dates.js';
import { LISTING_SPILL_MS } from '../constants.js';
import { ValidationAbortedError } from '../errors.js';
import type { DigestStore, TrailCoordinates } from '../types.js';

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

/** Standard and backfill digest keys in a range, ascending. The walker pops from the end. */
export type DigestListing = { standard: string[]; backfill: string[] };

/**
 * Lists the digest keys of a trail in `[start, end + 1h]` exactly as the CLI does: one prefix
 * listing after the marker for `start − 1 min`, keys filtered by the trail's pattern, and a
 * lexicographic compare of each key's date slice: skip below `start`, stop at the first above
 * `end + 1h` (a stray key there ends the listing early, as in the CLI).
 *
 * @param store - where the bucket lives
 * @param trail - coordinates; `bucket` is overridden by `bucket`
 * @param bucket - the bucket to list (changes when the chain moves buckets)
 * @returns the keys, split into standard and backfill
 */
export const listDigestKeys = async (
  store: DigestStore,
  trail: TrailCoordinates,
  bucket: string,
  start: Date,
  end: Date
): Promise<DigestListing> => {
  const marker = digestKeyFor(trail, new Date(start.getTime() - 60_000));
  const pattern = digestKeyPattern(trail);
  const from = formatCompactDate(start);
  const to = formatCompactDate(new Date(end.getTime() + LISTING_SPILL_MS));
  const listing: DigestListing = { standard: [], backfill: [] };
  for await (const key of store.list(bucket, digestListingPrefix(trail), marker)) {
    if (!pattern.test(key)) continue;
    const date = digestKeyDateText(key);
    if (date > to) break;
    if (date < from) continue;
    (isBackfillDigestKey(key) ? listing.backfill : listing.standard).push(key);
  }
  return listing;
};

const dateOfListed = (key: string): Date => {
  try {
    return digestKeyDate(key);
  } catch (error) {
    // The CLI crashes here (exit 255): a stray key matched its loose pattern.
    throw new ValidationAbortedError((error as Error).message, { cause: error });
  }
};

/**
 * Takes the next digest to visit off a listing, as the CLI's `_get_last_digest` does: the newest
 * key, or the newest one dated before `before`, discarding the keys it pops on the way (which is
 * why, of two consecutive deleted digests, only the newer is reported). Mutates `digests`.
 * @param digests - ascending listing, shared with later walks over the same range
 * @param before - the key the walk is leaving
 * @returns the key and its end time, or undefineds when the listing is exhausted
 * @throws ValidationAbortedError when a key's date slice is no date
 */
export const popNewestDigest = (digests: string[], before?: string): [string | undefined, Date | undefined] => {
  if (digests.length === 0) return [undefined, undefined];
  if (before === undefined) {
    const key = digests.pop() as string;
    return [key, dateOfListed(key)];
  }
  const beforeDate = dateOfListed(before);
  while (digests.length > 0) {
    const key = digests.pop() as string;
    const date = dateOfListed(key);
    if (date.getTime() < beforeDate.getTime()) return [key, date];
  }
  return [undefined, undefined];
};
