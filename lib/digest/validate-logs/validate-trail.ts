import { formatDisplayDate, parseCliDate } from '../core/python-dates.js';
import { CLI_TEXT, DEFAULT_HASH_CONCURRENCY, KEY_WINDOW_AFTER_END_MS } from '../constants.js';
import { type DigestListing, listDigestKeys, popNewestDigest } from './digest-listing.js';
import { DigestCheckError, StoreReadError, ValidationAbortedError } from '../errors.js';
import { findDigestKey } from './find-digest-key.js';
import { rangeHeartbeat } from './range-heartbeat.js';
import { type CoveredWindow, findUnlistedLogs } from '../core/find-unlisted-logs.js';
import { createDigestPrefetcher } from './digest-prefetcher.js';
import { queueLogChecks } from './queue-log-checks.js';
import { linkFindings } from '../core/link-findings.js';
import { loadDigest } from '../core/load-digest.js';
import { createLimiter } from '../core/create-limiter.js';
import { OrderedQueue } from './ordered-queue.js';
import type {
  CompatOptions,
  DigestStore,
  DigestSummary,
  Finding,
  LoadedDigest,
  PublicKeyRecord,
  PublicKeySource,
  TrailCoordinates,
  ValidationEvent,
} from '../types.js';
import { verifyDigestSignature } from '../core/verify-signature.js';

/** Inputs of a CLI-style validation of one trail's digests for one source region. */
export type ValidateTrailOptions = {
  store: DigestStore;
  keys: PublicKeySource;
  trail: TrailCoordinates;
  /** Inclusive start, as `--start-time`. */
  start: Date;
  /** End, as `--end-time` (the CLI defaults it to now). */
  end: Date;
  compat?: CompatOptions;
  /**
   * Offline copies have no S3 metadata: for a digest whose metadata is unknown (`metadataKnown:
   * false`), verify it with the `previousDigestSignature` that digest n+1 carries, and report a
   * digest nothing vouches for as `unverified` instead of invalid; its log files are never reported
   * valid (a matching hash is `unverified` too). Digests with known metadata are judged exactly as the
   * CLI judges them.
   */
  signatureFallback?: boolean;
  /** Log files hashed at once (default 16). */
  hashConcurrency?: number;
  /** Digests read ahead of the walk, down the listing (default 8). */
  digestPrefetch?: number;
  /** Also run the checks the CLI skips (default true); their events are `type: 'finding'`. */
  extraChecks?: boolean;
  /** Clock for the missing-digest check (default now). */
  now?: Date;
  heartbeatSlackMs?: number;
};

/** How the walk reached a digest: decides what an offline run can say about an unsigned one. */
type Arrival = 'newest' | 'pointer' | 'gap' | 'after-failure';

const UNVERIFIED_WHY: Record<Arrival, string> = {
  newest:
    'no signature: it is the newest digest, whose signature exists only as S3 metadata, which a local copy lacks; supply it with --metadata',
  pointer: 'no signature: the newer digest that points here carries no previousDigestSignature',
  gap: 'no signature: no newer digest points here (the chain restarts after it); supply its S3 metadata with --metadata',
  'after-failure':
    'no signature: the newer digest that would vouch for it is missing or invalid; supply its S3 metadata with --metadata',
};

/** Thrown inside the walk for a missing digest object. */
class DigestNotFound {}

type Pointer = { from: LoadedDigest };

type WalkState = {
  listings: Map<string, DigestListing>;
  expectedSignatures: Map<string, string>;
  listedLogs: Set<string>;
  covered: CoveredWindow[];
  newestEnd?: Date;
};

const summarize = (digest: LoadedDigest): DigestSummary => {
  const { doc } = digest;
  return {
    accountId: doc.awsAccountId,
    digestStartTime: doc.digestStartTime,
    digestEndTime: doc.digestEndTime,
    digestS3Bucket: doc.digestS3Bucket,
    digestS3Object: doc.digestS3Object,
    fingerprint: doc.digestPublicKeyFingerprint,
    previousDigestS3Bucket: doc.previousDigestS3Bucket ?? null,
    previousDigestS3Object: doc.previousDigestS3Object ?? null,
    logFileCount: Array.isArray(doc.logFiles) ? doc.logFiles.length : 0,
    sha256: digest.sha256,
  };
};

/**
 * Validates one trail's digests and log files for one source region over a time range, exactly as
 * `aws cloudtrail validate-logs` does, on any {@link DigestStore} (S3 or a local copy).
 *
 * The walk is the CLI's: list digest keys in `[start, end + 1h]`, start from the newest, follow
 * `previousDigestS3Object` pointers, resume from the listing after a missing or invalid digest, stop
 * after the first valid digest that starts before `start`; then the same over backfill digests.
 * Public keys come once for `[start, end + 2h]` (none: the validation aborts), and lazily around
 * `backfill-generation-timestamp` for backfill digests. Consequences the CLI has and this keeps: the
 * newest digests can be deleted unnoticed, an invalid digest's log files are not checked, and of two
 * consecutive deleted digests only the newer is reported.
 *
 * Log files are hashed concurrently (bounded); events still come out in the CLI's order. With
 * `extraChecks`, labelled findings the CLI cannot make are interleaved: the hash and signature link to
 * the previous digest, start/end continuity, chain starts, log files no digest lists, and no digest
 * in the last hour + slack of the range.
 *
 * @param options - store, keys, trail coordinates and range
 * @returns the events in report order
 * @throws ValidationAbortedError (or the store's error) where the CLI exits 255; events before it were yielded
 * @example
 * for await (const event of validateTrail({ store, keys, trail, start, end })) report.add(event);
 */
export async function* validateTrail(options: ValidateTrailOptions): AsyncGenerator<ValidationEvent> {
  const queue = new OrderedQueue<ValidationEvent>();
  const producing = produce(options, queue).then(
    () => queue.close(),
    (error: unknown) => queue.fail(error)
  );
  try {
    yield* queue.drain();
  } finally {
    queue.cancelled = true;
    await producing;
  }
}

const fatal = (message: string, cause?: unknown): ValidationAbortedError =>
  new ValidationAbortedError(message, cause === undefined ? undefined : { cause });

async function produce(options: ValidateTrailOptions, queue: OrderedQueue<ValidationEvent>): Promise<void> {
  const state: WalkState = { listings: new Map(), expectedSignatures: new Map(), listedLogs: new Set(), covered: [] };
  const hash = createLimiter(options.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY);
  for (const backfill of [false, true]) {
    await walk(options, queue, state, hash, backfill);
    if (queue.cancelled) return;
  }
  if (options.extraChecks === false) return;
  const findings: Finding[] = await findUnlistedLogs(options.store, options.trail, state.covered, state.listedLogs);
  if (state.newestEnd !== undefined) {
    const reference = new Date(Math.min(options.end.getTime(), (options.now ?? new Date()).getTime()));
    findings.push(...rangeHeartbeat(options.trail, state.newestEnd, reference, options.heartbeatSlackMs));
  }
  for (const finding of findings) queue.push({ type: 'finding', finding });
}

async function walk(
  options: ValidateTrailOptions,
  queue: OrderedQueue<ValidationEvent>,
  state: WalkState,
  hash: ReturnType<typeof createLimiter>,
  backfill: boolean
): Promise<void> {
  const { store, trail, start, end } = options;
  const extra = options.extraChecks !== false;
  const compat = options.compat ?? {};
  const listing = async (bucket: string, listEnd: Date): Promise<string[]> => {
    const cacheKey = JSON.stringify([bucket, trail.prefix ?? null, start.getTime(), listEnd.getTime()]);
    let cached = state.listings.get(cacheKey);
    if (cached === undefined) {
      cached = await listDigestKeys(store, trail, bucket, start, listEnd);
      state.listings.set(cacheKey, cached);
    }
    return backfill ? cached.backfill : cached.standard;
  };
  const popLast = popNewestDigest;

  let bucket = trail.bucket;
  let digests = await listing(bucket, end);
  const prefetch = createDigestPrefetcher(store, options.digestPrefetch);
  prefetch.follow(bucket, digests);
  const keys = new Map<string, PublicKeyRecord>();
  if (!backfill) {
    const keyEnd = new Date(end.getTime() + KEY_WINDOW_AFTER_END_MS);
    const found = await options.keys.between(start, keyEnd);
    if (found.length === 0) {
      throw fatal(`No public keys found between ${formatDisplayDate(start)} and ${formatDisplayDate(keyEnd)}`);
    }
    for (const key of found) keys.set(key.fingerprint, key);
  }

  let [key, endDate] = popLast(digests);
  let lastStart = endDate as Date;
  let pointer: Pointer | undefined;
  let arrivedBy: Arrival = 'newest';
  const visited = new Set<string>();
  const event = (e: ValidationEvent): void => queue.push(e);

  while (key !== undefined && start.getTime() <= lastStart.getTime() && !queue.cancelled) {
    await queue.room();
    const at = { bucket, key };
    try {
      if (visited.has(`${bucket}/${key}`)) {
        event({
          type: 'finding',
          finding: {
            code: 'chain-cycle',
            severity: 'high',
            bucket,
            key,
            message: 'the previous-digest pointers loop back to a digest already visited; the walk stops here',
          },
        });
        break;
      }
      visited.add(`${bucket}/${key}`);
      const object = await prefetch.read(bucket, key);
      if (object === undefined) throw new DigestNotFound();
      const metadata = object.metadata;
      const offline = options.signatureFallback === true && object.metadataKnown === false;
      const digest = await loadDigest(object, bucket, key, !offline);
      // A candidate signature for the previous digest, even if this one fails its own check: only
      // verification under AWS's key decides, so where the candidate came from does not matter.
      const { previousDigestS3Bucket: pb, previousDigestS3Object: pk, previousDigestSignature: ps } = digest.doc;
      if (typeof pb === 'string' && typeof pk === 'string' && typeof ps === 'string')
        state.expectedSignatures.set(`${pb}/${pk}`, ps);
      const publicKey = await findDigestKey(digest, keys, options.keys, trail.homeRegion, offline);
      const fallback = offline ? state.expectedSignatures.get(`${bucket}/${key}`) : undefined;
      if (!offline) verifyDigestSignature(digest, publicKey, metadata.signature as string, compat.keyEncoding);
      else if (fallback !== undefined) verifyDigestSignature(digest, publicKey, fallback, compat.keyEncoding);
      endDate = parseCliDate(digest.doc.digestEndTime);
      lastStart = parseCliDate(digest.doc.digestStartTime);
      const previousBucket = digest.doc.previousDigestS3Bucket ?? null;
      const previousKey = digest.doc.previousDigestS3Object ?? null;

      const verified = !offline || fallback !== undefined;
      if (!verified) {
        event({
          type: 'digest',
          status: 'unverified',
          backfill,
          bucket,
          key,
          why: UNVERIFIED_WHY[arrivedBy],
          digest: summarize(digest),
        });
      } else {
        event({
          type: 'digest',
          status: 'valid',
          backfill,
          bucket,
          key,
          signatureFrom: offline ? 'next-digest' : 'metadata',
          digest: summarize(digest),
        });
      }
      if (extra && pointer)
        for (const finding of linkFindings(pointer.from, digest)) event({ type: 'finding', finding });
      if (!backfill && (state.newestEnd === undefined || endDate.getTime() > state.newestEnd.getTime()))
        state.newestEnd = endDate;
      queueLogChecks(
        digest,
        verified,
        backfill,
        state.listedLogs,
        store,
        compat.trailingData ?? 'invalid',
        hash,
        queue
      );
      state.covered.push({ bucket, start: lastStart, end: endDate });

      if (previousBucket === null || previousKey === null) {
        if (extra) {
          event({
            type: 'finding',
            finding: {
              code: 'chain-start',
              severity: 'medium',
              bucket,
              key,
              message:
                'starting digest: validation was enabled, or logging or validation was stopped and restarted, just before this digest',
            },
          });
        }
        const [nextKey, nextEnd] = popLast(digests, key);
        if (nextKey !== undefined) {
          event({ type: 'gap', backfill, bucket, nextEnd: nextEnd as Date, lastStart });
        }
        key = nextKey;
        endDate = nextEnd;
        pointer = undefined;
        arrivedBy = 'gap';
      } else {
        pointer = { from: digest };
        arrivedBy = 'pointer';
        key = String(previousKey);
        if (previousBucket !== bucket) {
          bucket = String(previousBucket);
          digests = await listing(bucket, endDate);
          prefetch.follow(bucket, digests);
        }
      }
    } catch (error) {
      if (error instanceof ValidationAbortedError || error instanceof StoreReadError) throw error;
      pointer = undefined;
      arrivedBy = 'after-failure';
      if (error instanceof DigestNotFound) {
        event({
          type: 'digest',
          status: 'invalid',
          backfill,
          bucket: at.bucket,
          key: at.key,
          reason: 'not-found',
          cliLine: `Digest file\ts3://${at.bucket}/${at.key}\t${CLI_TEXT.notFound}`,
        });
      } else if (error instanceof DigestCheckError) {
        event({
          type: 'digest',
          status: 'invalid',
          backfill,
          bucket: at.bucket,
          key: at.key,
          reason: error.reason,
          cliLine: error.cliLine,
        });
      } else {
        event({
          type: 'digest',
          status: 'invalid',
          backfill,
          bucket: at.bucket,
          key: at.key,
          reason: 'unexpected',
          cliLine: `Digest file\ts3://${at.bucket}/${at.key}\tINVALID: ${(error as Error).message ?? String(error)}`,
        });
      }
      [key, endDate] = popLast(digests, at.key);
    }
  }
}
