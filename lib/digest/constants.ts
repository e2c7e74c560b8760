/**
 * Fixed strings and limits of the digest verifier. Every message below is byte-for-byte what
 * `aws cloudtrail validate-logs` prints (awscli `customizations/cloudtrail/validation.py`), so that
 * trailwatch's text output can be diffed against the CLI's.
 */

/** Fields the CLI requires to be present (null values pass) before it checks anything else. */
export const REQUIRED_DIGEST_FIELDS = [
  'digestPublicKeyFingerprint',
  'digestS3Bucket',
  'digestS3Object',
  'previousDigestSignature',
  'digestEndTime',
  'digestStartTime',
] as const;

/** The tail of each CLI verdict line, after `Digest file\ts3://b/k\t` or `Log file\ts3://b/k\t`. */
export const CLI_TEXT = {
  valid: 'valid',
  notFound: 'INVALID: not found',
  invalidFormat: 'INVALID: invalid format',
  signatureFailed: 'INVALID: signature verification failed',
  moved: 'INVALID: has been moved from its original location',
  hashMismatch: "INVALID: hash value doesn't match",
  trailingData: 'INVALID: unexpected data after end of compressed stream',
} as const;

/** trailwatch's own text for a log file whose hash matches a digest that is NOT VERIFIED (never a CLI line). */
export const UNVERIFIED_LOG_TEXT = 'NOT VERIFIED: listed only by a digest whose signature was not verified';

/** Prefix the CLI puts in front of every line about a backfill digest. */
export const BACKFILL_PREFIX = '(backfill) ';

/** Public keys are fetched for `[start, end + 2h]` (aws/aws-cli#10072). */
export const KEY_WINDOW_AFTER_END_MS = 2 * 3_600_000;
/** Backfill digests look up keys in `[ts - 1h, ts + 1h]` around `backfill-generation-timestamp`. */
export const BACKFILL_KEY_WINDOW_MS = 3_600_000;
/** The CLI lists digests up to `end + 1h`, because a digest covers the hour before its end time. */
export const LISTING_SPILL_MS = 3_600_000;

/** CloudTrail delivers one digest per source region about every hour. */
export const DIGEST_INTERVAL_MS = 3_600_000;
/** Default slack on top of the hour before a missing digest is reported. */
export const DEFAULT_HEARTBEAT_SLACK_MS = 30 * 60_000;

/** How many log files are hashed at once: bounded so a Lambda's memory stays flat. */
export const DEFAULT_HASH_CONCURRENCY = 16;

/** A digest is read into memory; real ones are kilobytes to a few MB. */
export const MAX_DIGEST_BYTES = 64 * 1024 * 1024;
