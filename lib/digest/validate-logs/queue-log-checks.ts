import { pyStr } from '../core/py-str.js';
import { CLI_TEXT, UNVERIFIED_LOG_TEXT } from '../constants.js';
import { ValidationAbortedError } from '../errors.js';
import { hashLogFile } from '../core/hash-log-file.js';
import type { createLimiter } from '../core/create-limiter.js';
import type { OrderedQueue } from './ordered-queue.js';
import type { DigestStore, LoadedDigest, TrailingDataRule, ValidationEvent } from '../types.js';

/**
 * Schedules the hashing of a valid digest's log files, as the CLI checks them right after reporting
 * the digest; results land in the queue in list order, however the hashing interleaves. Entries the
 * CLI would crash on (no `logFiles`, an entry without `s3Bucket`/`s3Object`) become the failure it
 * exits 255 with, at their position.
 * A digest reported NOT VERIFIED (offline, no signature) still has its log files hashed, but a
 * match is reported `unverified`, never valid: the expected hash is only that digest's word.
 * @param digest - the digest just reported
 * @param verified - whether its signature was verified
 * @param backfill - whether it is a backfill digest (for the report prefix)
 * @param listed - collects `bucket/key` of every listed file (for the unlisted-log check)
 * @param store - where the log files are
 * @param trailingData - how to judge data after a gzip member
 * @param hash - the concurrency limiter
 * @param queue - the ordered event queue
 */
export function queueLogChecks(
  digest: LoadedDigest,
  verified: boolean,
  backfill: boolean,
  listed: Set<string>,
  store: DigestStore,
  trailingData: TrailingDataRule,
  hash: ReturnType<typeof createLimiter>,
  queue: OrderedQueue<ValidationEvent>
): void {
  const { doc } = digest;
  // The CLI reads digest['logFiles'] after reporting the digest: a missing field crashes it (KeyError).
  if (!Object.hasOwn(doc, 'logFiles')) {
    queue.push(Promise.reject(new ValidationAbortedError("'logFiles'")));
    return;
  }
  const logFiles = doc.logFiles;
  if (!logFiles) return;
  if (!Array.isArray(logFiles)) {
    queue.push(
      Promise.reject(new ValidationAbortedError(`logFiles of s3://${digest.bucket}/${digest.key} is not a list`))
    );
    return;
  }
  for (const entry of logFiles as Array<Record<string, unknown>>) {
    if (
      entry === null ||
      typeof entry !== 'object' ||
      !Object.hasOwn(entry, 's3Bucket') ||
      !Object.hasOwn(entry, 's3Object')
    ) {
      const field = entry && typeof entry === 'object' && Object.hasOwn(entry, 's3Bucket') ? 's3Object' : 's3Bucket';
      queue.push(Promise.reject(new ValidationAbortedError(`'${field}'`)));
      return;
    }
    const bucket = entry.s3Bucket;
    const key = entry.s3Object;
    listed.add(`${pyStr(bucket)}/${pyStr(key)}`);
    const base = {
      type: 'log' as const,
      backfill,
      digestKey: digest.key,
      bucket: pyStr(bucket),
      key: pyStr(key),
      expectedHash: entry.hashValue,
    };
    if (typeof bucket !== 'string' || typeof key !== 'string' || bucket === '' || key === '') {
      queue.push({ ...base, check: { status: 'invalid', reason: 'bad-entry', cliText: CLI_TEXT.invalidFormat } });
      continue;
    }
    queue.push(
      hash(async () => {
        const source = await store.open(bucket, key);
        const check = await hashLogFile(source, entry.hashValue, trailingData);
        if (verified || check.status !== 'valid') return { ...base, check };
        return { ...base, check: { ...check, status: 'unverified', cliText: UNVERIFIED_LOG_TEXT } };
      })
    );
  }
}
