/**
 * Shapes of the digest verifier: what goes in (stores, keys) and what comes out (verdicts,
 * findings, events). Format reference:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */

/** Judging data after a log file's first gzip member: INVALID (aws-cli ≥ 2026-05) or ignored (older). */
export type TrailingDataRule = 'invalid' | 'ignore';

/** Which public key encodings load: both (trailwatch) or PKCS#1 only (aws-cli v1 and v2). */
export type KeyEncodingRule = 'pkcs1-or-spki' | 'pkcs1-only';

/** Where `aws cloudtrail validate-logs` and trailwatch may differ by choice; defaults are trailwatch's. */
export type CompatOptions = {
  trailingData?: TrailingDataRule;
  keyEncoding?: KeyEncodingRule;
};

/** One object read whole (a digest), with its S3 user metadata (the `x-amz-meta-` prefix stripped). */
export type StoredObject = {
  body: Uint8Array;
  metadata: Readonly<Record<string, string>>;
  /**
   * False when the metadata is simply not known (a local copy read without a `--metadata` file), as
   * opposed to known to be empty. Only then may a signature come from elsewhere.
   */
  metadataKnown?: boolean;
};

/**
 * Read access to trail buckets: implemented over S3 (lib/aws/digest-store.ts) and over a local
 * `aws s3 sync` copy (lib/local/digest-store.ts), so the same walker runs on both.
 * Every method returns `undefined` for a missing object and throws for anything else (access
 * denied, network), which aborts a validation the way the CLI aborts.
 */
export type DigestStore = {
  /** Keys under `prefix`, ascending in S3 order (UTF-8 bytes), strictly after `startAfter`. */
  list(bucket: string, prefix: string, startAfter?: string): AsyncIterable<string>;
  /** Names of the "folders" directly under `prefix` (which ends in `/`), ascending. */
  children(bucket: string, prefix: string): AsyncIterable<string>;
  /** Reads a whole object and its metadata; undefined when it does not exist. */
  read(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Opens an object as a byte stream; undefined when it does not exist. */
  open(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
};

/** A CloudTrail public key as ListPublicKeys returns it, `Value` decoded to DER. */
export type PublicKeyRecord = {
  /** Lowercase hex MD5 of `der`; what digests name in `digestPublicKeyFingerprint`. */
  fingerprint: string;
  der: Uint8Array;
  validityStart?: Date;
  validityEnd?: Date;
};

/** Answers ListPublicKeys for a time range, from the API or from saved `list-public-keys` output. */
export type PublicKeySource = {
  between(start: Date, end: Date): Promise<PublicKeyRecord[]>;
};

/** What CloudTrail's GetTrailStatus says about a trail's digest delivery. */
export type TrailDigestStatus = {
  trailArn: string;
  isLogging?: boolean;
  /** When CloudTrail last delivered a digest for the trail (`LatestDigestDeliveryTime`). */
  latestDigestDeliveryTime?: Date;
  /** `LatestDigestDeliveryError`, e.g. `AccessDenied` when the bucket policy stops CloudTrail. */
  latestDigestDeliveryError?: string;
};

/**
 * Answers GetTrailStatus for a trail ARN (lib/aws/trail-status.ts).
 * @throws what the call throws (access denied, trail not found, network)
 */
export type TrailStatusSource = (trailArn: string) => Promise<TrailDigestStatus>;

/** A digest read and decoded, before its signature is checked. */
export type LoadedDigest = {
  bucket: string;
  key: string;
  backfill: boolean;
  /** Exact decompressed bytes of the first gzip member: what the signature and hash cover. */
  bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`. */
  sha256: string;
  /** The parsed JSON object, untouched. */
  doc: Record<string, unknown>;
  metadata: Readonly<Record<string, string>>;
};

/** The trail a validation is about: what the CLI derives from `--trail-arn` and DescribeTrails. */
export type TrailCoordinates = {
  arn: string;
  name: string;
  /** Region where the trail was created: the last region in digest file names. */
  homeRegion: string;
  /** Region whose digests are validated (`--region`, else the home region). */
  sourceRegion: string;
  /** Account whose digests are validated (the member account for organization trails). */
  accountId: string;
  organizationId?: string;
  bucket: string;
  prefix?: string;
};

/** Why a digest failed, finer than the CLI message (which `cliLine` keeps verbatim). */
export type DigestFailureReason =
  | 'not-found'
  | 'invalid-format'
  /** Decompresses past MAX_DIGEST_BYTES: a decompression bomb, cut off (the CLI text is `invalid format`). */
  | 'too-large'
  | 'signature-missing'
  | 'backfill-timestamp-missing'
  | 'field-missing'
  | 'moved'
  | 'key-not-found'
  | 'key-unloadable'
  | 'signature-mismatch'
  | 'unexpected';

/** Why a log file is judged as it is; `cliText` holds the CLI's wording. */
export type LogReason =
  | 'match'
  | 'match-gzip-unterminated'
  | 'hash-mismatch'
  | 'truncated'
  | 'not-gzip'
  | 'decompressed-json'
  | 'corrupt-gzip'
  | 'trailing-data'
  | 'not-found'
  | 'no-hash-value'
  | 'bad-entry';

/** Result of hashing one log file against its `hashValue`. */
export type LogCheck = {
  status: 'valid' | 'invalid';
  reason: LogReason;
  /** The CLI's verdict text after the location, e.g. `INVALID: hash value doesn't match`. */
  cliText: string;
  actualHash?: string;
  /** zlib's message, or where the object ended. */
  detail?: string;
  compressedBytes?: number;
  outputBytes?: number;
};

/**
 * A log file's result in a validation walk. A hash that matches the entry of a digest whose
 * signature could not be verified (offline, no signature) proves nothing, so it is `unverified`, never
 * `valid`; a hash that does not match stays `invalid` (the file or that digest changed).
 */
export type WalkLogCheck = LogCheck | (Omit<LogCheck, 'status'> & { status: 'unverified' });

/** Checks the CLI skips; reported beside, never inside, the CLI-parity verdicts. */
export type FindingCode =
  | 'previous-digest-hash-mismatch'
  | 'previous-digest-signature-mismatch'
  | 'digest-time-discontinuity'
  | 'log-file-not-in-digest'
  | 'digest-heartbeat-missing'
  | 'digest-deleted'
  | 'digest-stream-vanished'
  | 'heartbeat-state-corrupt'
  | 'trail-status-unreadable'
  | 'chain-start'
  | 'chain-cycle'
  | 'previous-digest-missing'
  | 'previous-digest-unreadable'
  | 'previous-digest-invalid';

/** One labelled extra finding. */
export type Finding = {
  code: FindingCode;
  severity: 'medium' | 'high' | 'critical';
  bucket: string;
  key: string;
  message: string;
  details?: Record<string, unknown>;
};

/** Everything the walker reports, in the order the CLI prints it. */
export type ValidationEvent =
  | {
      type: 'digest';
      status: 'valid';
      backfill: boolean;
      bucket: string;
      key: string;
      /** How the signature was obtained: S3 metadata, or the next digest's `previousDigestSignature`. */
      signatureFrom: 'metadata' | 'next-digest';
      digest: DigestSummary;
    }
  | {
      type: 'digest';
      status: 'unverified';
      backfill: boolean;
      bucket: string;
      key: string;
      /** Plain-language reason, e.g. no signature offline for the newest digest. */
      why: string;
      digest: DigestSummary;
    }
  | {
      type: 'digest';
      status: 'invalid';
      backfill: boolean;
      bucket: string;
      key: string;
      reason: DigestFailureReason;
      /** The CLI's line without the `(backfill) ` prefix. */
      cliLine: string;
    }
  | {
      type: 'log';
      backfill: boolean;
      digestKey: string;
      bucket: string;
      key: string;
      expectedHash: unknown;
      check: WalkLogCheck;
    }
  | { type: 'gap'; backfill: boolean; bucket: string; nextEnd: Date; lastStart: Date }
  | { type: 'finding'; finding: Finding };

/** The facts of a digest a report needs. */
export type DigestSummary = {
  accountId?: unknown;
  digestStartTime: unknown;
  digestEndTime: unknown;
  digestS3Bucket: unknown;
  digestS3Object: unknown;
  fingerprint: unknown;
  previousDigestS3Bucket: unknown;
  previousDigestS3Object: unknown;
  logFileCount: number;
  sha256: string;
};

/** S3 user metadata per object, keyed `<bucket>/<key>`: what `--metadata` supplies offline. */
export type MetadataMap = ReadonlyMap<string, Readonly<Record<string, string>>>;
