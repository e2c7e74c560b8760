import { type DigestFileKey, parseCloudTrailKey } from '../../cloudtrail/parse-key.js';
import type { ObjectRef } from '../../model/object-ref.js';
import { TransientError } from '../../model/errors.js';
import { silentLog, type Log } from '../../model/log.js';
import { pyStr } from './py-str.js';
import { parseCliDate } from './python-dates.js';
import { BACKFILL_KEY_WINDOW_MS, CLI_TEXT, DEFAULT_HASH_CONCURRENCY, KEY_WINDOW_AFTER_END_MS } from '../constants.js';
import { DigestCheckError, StoreReadError, ValidationAbortedError } from '../errors.js';
import { findUnlistedLogs } from './find-unlisted-logs.js';
import { hashLogFile } from './hash-log-file.js';
import type { KeyCache } from './key-cache.js';
import { linkFindings } from './link-findings.js';
import { loadDigest } from './load-digest.js';
import { createLimiter } from './create-limiter.js';
import type {
  CompatOptions,
  DigestFailureReason,
  DigestStore,
  Finding,
  LoadedDigest,
  LogCheck,
  StoredObject,
  TrailCoordinates,
} from '../types.js';
import { verifyDigestSignature } from './verify-signature.js';

/** Schema id of a verdict object, bumped on incompatible changes. */
export const VERDICT_SCHEMA = 'trailwatch.digest-verdict/1';

/** One log file's result inside a verdict. */
export type LogFileVerdict = LogCheck & { bucket: string; key: string; expectedHash: unknown; cliLine: string };

/**
 * What verify writes to the results bucket for one digest (layout documented in docs/digest.md).
 * `digest.cliLine` and each `logFiles[].cliLine` are what `aws cloudtrail validate-logs` would print
 * for them; `findings` are the checks it skips, labelled by code. `summary.status` is `valid` only
 * when the digest, every log file it lists and the link to the previous digest hold: an invalid log
 * file or a critical finding (the previous digest gone, unreadable, replaced) makes it `invalid`.
 */
export type DigestVerdict = {
  schema: typeof VERDICT_SCHEMA;
  checkedAt: string;
  digest: {
    bucket: string;
    key: string;
    backfill: boolean;
    accountId: string;
    sourceRegion: string;
    homeRegion: string;
    trailName: string;
    organizationId?: string;
    status: 'valid' | 'invalid';
    reason?: DigestFailureReason;
    cliLine: string;
    digestStartTime?: unknown;
    digestEndTime?: unknown;
    fingerprint?: unknown;
    sha256?: string;
    previous: { bucket: string; key: string } | null;
  };
  logFiles: LogFileVerdict[];
  findings: Finding[];
  summary: { logFiles: number; invalidLogFiles: number; findings: number; status: 'valid' | 'invalid' };
};

/** Dependencies of {@link verifyDigestObject}. */
export type VerifyDigestDeps = {
  store: DigestStore;
  keys: KeyCache;
  log?: Log;
  now?: () => Date;
  hashConcurrency?: number;
  compat?: CompatOptions;
};

/** The key is not a CloudTrail digest key; the handler skips such objects. */
export const digestKeyOf = (key: string): DigestFileKey | undefined => {
  const parsed = parseCloudTrailKey(key);
  return parsed?.kind === 'digest' ? parsed : undefined;
};

const coordinatesOf = (ref: ObjectRef, parsed: DigestFileKey): TrailCoordinates => ({
  arn: `arn:aws:cloudtrail:${parsed.homeRegion}:${parsed.accountId}:trail/${parsed.trailName}`,
  name: parsed.trailName,
  homeRegion: parsed.homeRegion,
  sourceRegion: parsed.region,
  accountId: parsed.accountId,
  ...(parsed.organizationId !== undefined && { organizationId: parsed.organizationId }),
  bucket: ref.bucket,
  ...(parsed.prefix !== undefined && { prefix: parsed.prefix }),
});

const logEntries = (digest: LoadedDigest): Array<Record<string, unknown>> =>
  Array.isArray(digest.doc.logFiles) ? (digest.doc.logFiles as Array<Record<string, unknown>>) : [];

/**
 * Verifies one newly delivered digest the way `aws cloudtrail validate-logs` would judge it, plus
 * the checks it skips. This is the incremental form for Lambda: no listing walk,
 * each digest checked once as it lands.
 *
 * 1. Read the digest with its metadata and run the CLI's checks; keys come from the cache, asked of
 *    ListPublicKeys in the digest's source region for `[end − 1h, end + 2h]` (backfill: ±1 h around
 *    `backfill-generation-timestamp`).
 * 2. Hash every listed log file, at most `hashConcurrency` at once, each streamed.
 * 3. Follow the link: a missing previous digest is the CLI's `not found`; a present one read whole
 *    must load as a digest at its place (else `previous-digest-unreadable` or
 *    `previous-digest-invalid`, with the CLI's line for it), match `previousDigestHashValue` and
 *    `previousDigestSignature`, and end where this one starts. No previous digest is a chain start.
 *    A critical finding makes the verdict's `summary.status` invalid, while `digest.status` stays
 *    the CLI's judgement of this digest alone.
 * 4. Log files named inside the previous digest's window that neither digest lists are reported.
 *
 * @param ref - the digest object
 * @param deps - store, key cache, logger, clock
 * @returns the verdict; bad content never throws
 * @throws StoreReadError when S3 fails for another reason than a missing object, or a body is cut
 * short (its cause an IncompleteBodyError), this digest's or the previous one's: Lambda retries;
 * nothing is judged from a partial read
 * @example
 * const verdict = await verifyDigestObject({ bucket, key }, { store: s3DigestStore(s3), keys });
 */
export const verifyDigestObject = async (ref: ObjectRef, deps: VerifyDigestDeps): Promise<DigestVerdict> => {
  const log = deps.log ?? silentLog;
  const parsed = digestKeyOf(ref.key);
  if (parsed === undefined)
    throw new ValidationAbortedError(`s3://${ref.bucket}/${ref.key} is not a CloudTrail digest key`);
  const trail = coordinatesOf(ref, parsed);
  const checkedAt = (deps.now?.() ?? new Date()).toISOString();
  const base = {
    bucket: ref.bucket,
    key: ref.key,
    backfill: parsed.backfill,
    accountId: parsed.accountId,
    sourceRegion: parsed.region,
    homeRegion: parsed.homeRegion,
    trailName: parsed.trailName,
    ...(parsed.organizationId !== undefined && { organizationId: parsed.organizationId }),
  };
  const failed = (
    reason: DigestFailureReason,
    cliLine: string,
    extra: Partial<DigestVerdict['digest']> = {}
  ): DigestVerdict => ({
    schema: VERDICT_SCHEMA,
    checkedAt,
    digest: { ...base, status: 'invalid', reason, cliLine, previous: null, ...extra },
    logFiles: [],
    findings: [],
    summary: { logFiles: 0, invalidLogFiles: 0, findings: 0, status: 'invalid' },
  });

  const object = await deps.store.read(ref.bucket, ref.key);
  if (object === undefined)
    return failed('not-found', `Digest file\ts3://${ref.bucket}/${ref.key}\t${CLI_TEXT.notFound}`);
  const asVerdict = (error: unknown): DigestVerdict => {
    if (error instanceof DigestCheckError) return failed(error.reason, error.cliLine);
    throw error;
  };
  let digest: LoadedDigest;
  try {
    digest = await loadDigest(object, ref.bucket, ref.key);
  } catch (error) {
    return asVerdict(error);
  }
  const fingerprint = pyStr(digest.doc.digestPublicKeyFingerprint);
  let window: [Date, Date];
  try {
    window = keyWindow(digest, parsed);
    parseCliDate(digest.doc.digestStartTime);
    parseCliDate(digest.doc.digestEndTime);
  } catch (error) {
    return failed('unexpected', `Digest file\ts3://${ref.bucket}/${ref.key}\tINVALID: ${(error as Error).message}`);
  }
  const key = await deps.keys.find(parsed.region, fingerprint, ...window);
  if (key === undefined) {
    return failed(
      'key-not-found',
      `Digest file\ts3://${ref.bucket}/${ref.key}\tINVALID: public key not found in region ${parsed.homeRegion} for fingerprint ${fingerprint}`
    );
  }
  try {
    verifyDigestSignature(digest, key, digest.metadata.signature as string, deps.compat?.keyEncoding);
  } catch (error) {
    return asVerdict(error);
  }

  const logFiles = await hashListed(digest, deps);
  const findings: Finding[] = [];
  const previous = await followLink(digest, deps, findings);
  if (previous !== undefined) {
    const listed = new Set(
      [...logEntries(previous), ...logEntries(digest)].map((e) => `${pyStr(e.s3Bucket)}/${pyStr(e.s3Object)}`)
    );
    const window = {
      bucket: ref.bucket,
      start: parseCliDate(previous.doc.digestStartTime),
      end: parseCliDate(previous.doc.digestEndTime),
    };
    findings.push(
      ...(await findUnlistedLogs(deps.store, trail, [window], listed, parseCliDate(digest.doc.digestEndTime)))
    );
  }
  const invalidLogFiles = logFiles.filter((l) => l.status !== 'valid').length;
  const criticalFindings = findings.filter((f) => f.severity === 'critical').length;
  log.debug('digest checked', { logFiles: logFiles.length, invalidLogFiles, findings: findings.length });
  const prevBucket = digest.doc.previousDigestS3Bucket;
  const prevKey = digest.doc.previousDigestS3Object;
  return {
    schema: VERDICT_SCHEMA,
    checkedAt,
    digest: {
      ...base,
      status: 'valid',
      cliLine: `Digest file\ts3://${ref.bucket}/${ref.key}\t${CLI_TEXT.valid}`,
      digestStartTime: digest.doc.digestStartTime,
      digestEndTime: digest.doc.digestEndTime,
      fingerprint: digest.doc.digestPublicKeyFingerprint,
      sha256: digest.sha256,
      previous:
        typeof prevBucket === 'string' && typeof prevKey === 'string' ? { bucket: prevBucket, key: prevKey } : null,
    },
    logFiles,
    findings,
    summary: {
      logFiles: logFiles.length,
      invalidLogFiles,
      findings: findings.length,
      status: invalidLogFiles > 0 || criticalFindings > 0 ? 'invalid' : 'valid',
    },
  };
};

/** The ListPublicKeys window for a digest: around its end time, or its backfill generation time. */
const keyWindow = (digest: LoadedDigest, parsed: DigestFileKey): [Date, Date] => {
  if (parsed.backfill) {
    const generated = parseCliDate(digest.metadata['backfill-generation-timestamp']);
    return [
      new Date(generated.getTime() - BACKFILL_KEY_WINDOW_MS),
      new Date(generated.getTime() + BACKFILL_KEY_WINDOW_MS),
    ];
  }
  const end = new Date(parsed.endTime);
  return [new Date(end.getTime() - BACKFILL_KEY_WINDOW_MS), new Date(end.getTime() + KEY_WINDOW_AFTER_END_MS)];
};

const hashListed = async (digest: LoadedDigest, deps: VerifyDigestDeps): Promise<LogFileVerdict[]> => {
  const limit = createLimiter(deps.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY);
  const trailingData = deps.compat?.trailingData ?? 'invalid';
  return Promise.all(
    logEntries(digest).map((entry) =>
      limit(async (): Promise<LogFileVerdict> => {
        const bucket = pyStr(entry?.s3Bucket);
        const key = pyStr(entry?.s3Object);
        const located = { bucket, key, expectedHash: entry?.hashValue };
        const check: LogCheck =
          typeof entry?.s3Bucket !== 'string' || typeof entry?.s3Object !== 'string'
            ? { status: 'invalid', reason: 'bad-entry', cliText: CLI_TEXT.invalidFormat }
            : await hashLogFile(await deps.store.open(bucket, key), entry.hashValue, trailingData);
        return { ...located, ...check, cliLine: `Log file\ts3://${bucket}/${key}\t${check.cliText}` };
      })
    )
  );
};

/** Reads the previous digest and checks the link; returns it when it could be read. */
const followLink = async (
  digest: LoadedDigest,
  deps: VerifyDigestDeps,
  findings: Finding[]
): Promise<LoadedDigest | undefined> => {
  const bucket = digest.doc.previousDigestS3Bucket;
  const key = digest.doc.previousDigestS3Object;
  if (typeof bucket !== 'string' || typeof key !== 'string') {
    findings.push({
      code: 'chain-start',
      severity: 'medium',
      bucket: digest.bucket,
      key: digest.key,
      message:
        'starting digest: validation was enabled, or logging or validation was stopped and restarted, just before this digest',
    });
    return undefined;
  }
  let object: StoredObject | undefined;
  try {
    object = await deps.store.read(bucket, key);
  } catch (error) {
    // A chain that moved buckets may point where this function has no read access: its own
    // verdict was written when it landed; only this link check is lost. A transient failure (a body
    // cut short, throttling) is not lost: it fails the invocation, which is retried.
    if (bucket === digest.bucket || !(error instanceof StoreReadError) || error.cause instanceof TransientError)
      throw error;
    deps.log?.warn('previous digest unreadable', { previousBucket: bucket, previousKey: key, error: error.message });
    return undefined;
  }
  if (object === undefined) {
    findings.push({
      code: 'previous-digest-missing',
      severity: 'critical',
      bucket,
      key,
      message: `the previous digest this digest points to is gone (aws cloudtrail validate-logs: Digest file\ts3://${bucket}/${key}\t${CLI_TEXT.notFound})`,
      details: { referencedBy: `s3://${digest.bucket}/${digest.key}` },
    });
    return undefined;
  }
  let previous: LoadedDigest;
  try {
    // Its own verdict judges its signature; here its bytes and fields must still be a digest.
    previous = await loadDigest(object, bucket, key, false);
  } catch (error) {
    // The body was read whole (a short read threw above), so this is content, not transport:
    // overwritten with garbage, an empty gzip or a copy of another digest.
    if (!(error instanceof DigestCheckError)) throw error;
    findings.push(unusablePrevious(digest, error));
    return undefined;
  }
  findings.push(...linkFindings(digest, previous));
  return previous;
};

/**
 * The finding for a previous digest read whole that is no digest at its place: `invalid-format`
 * (no gzip, no UTF-8 JSON) is `previous-digest-unreadable`, any other failed check (moved, a
 * required field missing, JSON that is no object) `previous-digest-invalid`. Both are critical:
 * the chain behind this digest can no longer be proven, which is what an overwrite is for.
 */
const unusablePrevious = (digest: LoadedDigest, error: DigestCheckError): Finding => {
  const referencedBy = `s3://${digest.bucket}/${digest.key}`;
  const unreadable = error.reason === 'invalid-format';
  return {
    code: unreadable ? 'previous-digest-unreadable' : 'previous-digest-invalid',
    severity: 'critical',
    bucket: error.bucket,
    key: error.key,
    message: `${
      unreadable
        ? 'the previous digest this digest points to is complete but does not gunzip or parse as JSON'
        : 'the object at the previous digest key this digest points to is not the digest CloudTrail wrote there'
    } (aws cloudtrail validate-logs: ${error.cliLine})`,
    details: { referencedBy, reason: error.reason, cliLine: error.cliLine },
  };
};
