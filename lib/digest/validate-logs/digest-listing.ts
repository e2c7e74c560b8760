import { LISTING_SPILL_MS } from '../constants.js';
import {
  digestKeyDate,
  digestKeyDateText,
  digestKeyFor,
  digestKeyPattern,
  digestListingPrefix,
  isBackfillDigestKey,
} from '../core/digest-keys.js';
import { formatCompactDate } from '../core/python-dates.js';
import { ValidationAbortedError } from '../errors.js';
import type { DigestStore, TrailCoordinates } from '../types.js';

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
