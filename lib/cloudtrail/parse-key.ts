/**
 * Parses the S3 keys CloudTrail writes, after
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 * and the digest layout of
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * Objects are routed by the literal in their key (`CloudTrail`, `CloudTrail-Digest`,
 * `CloudTrail-Insight`), never by "it ends in .json.gz".
 */

export type KeyKind = 'log' | 'digest' | 'insight';

type KeyBase = {
  /** The user-chosen key prefix in front of `AWSLogs/`, or undefined. */
  prefix?: string;
  /** Organization id (`o-…`) for organization trails. */
  organizationId?: string;
  /** The account whose events the object holds (the member account for org trails). */
  accountId: string;
  /** Region whose events the object holds. */
  region: string;
  /** UTC delivery date from the folder, `YYYY/MM/DD`. */
  date: string;
};

export type LogFileKey = KeyBase & {
  kind: 'log' | 'insight';
  /** Delivery time from the file name, ISO 8601 to the minute. */
  deliveredAt: string;
  unique: string;
};

export type DigestFileKey = KeyBase & {
  kind: 'digest';
  trailName: string;
  homeRegion: string;
  /** digestEndTime from the file name, ISO 8601 to the second. */
  endTime: string;
  backfill: boolean;
};

export type CloudTrailKey = LogFileKey | DigestFileKey;

const HEAD = String.raw`^(?:(.*)/)?AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\d{12})/`;
const LOG_KEY = new RegExp(
  `${HEAD}(CloudTrail|CloudTrail-Insight)/([a-z0-9-]+)/(\\d{4}/\\d{2}/\\d{2})/(\\d{12})_(CloudTrail|CloudTrail-Insight)_([a-z0-9-]+)_(\\d{8}T\\d{4}Z)_?([A-Za-z0-9]+)\\.json\\.gz$`
);
const DIGEST_KEY = new RegExp(
  `${HEAD}CloudTrail-Digest/([a-z0-9-]+)/(\\d{4}/\\d{2}/\\d{2})/(\\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\\d{8}T\\d{6}Z)(_backfill)?\\.json\\.gz$`
);

const compactToIso = (compact: string): string => {
  // 20260102T0310Z or 20260102T031000Z
  const seconds = compact.length === 16 ? compact.slice(13, 15) : '00';
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}T${compact.slice(9, 11)}:${compact.slice(11, 13)}:${seconds}Z`;
};

/**
 * Parses a decoded S3 key into its CloudTrail parts.
 *
 * @param key - the object key, already URL-decoded (see {@link decodeS3EventKey})
 * @returns the parsed key, or undefined when the key is not a CloudTrail log, Insights or digest file
 * (other services' objects share the bucket; callers skip them)
 * @example
 * parseCloudTrailKey('AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_abc.json.gz')
 * // { kind: 'log', accountId: '111122223333', region: 'us-east-1', … }
 */
export const parseCloudTrailKey = (key: string): CloudTrailKey | undefined => {
  // Groups by index, not by destructuring: a destructured match walks the array's iterator.
  const log = LOG_KEY.exec(key);
  if (log) {
    const accountId = log[3] as string;
    const folder = log[4] as string;
    const region = log[5] as string;
    if (accountId !== log[7] || region !== log[9] || folder !== log[8]) return undefined;
    return {
      kind: folder === 'CloudTrail' ? 'log' : 'insight',
      prefix: log[1] || undefined,
      organizationId: log[2],
      accountId,
      region,
      date: log[6] as string,
      deliveredAt: compactToIso(log[10] as string),
      unique: log[11] as string,
    };
  }
  const digest = DIGEST_KEY.exec(key);
  if (digest) {
    const accountId = digest[3] as string;
    const region = digest[4] as string;
    if (accountId !== digest[6] || region !== digest[7]) return undefined;
    return {
      kind: 'digest',
      prefix: digest[1] || undefined,
      organizationId: digest[2],
      accountId,
      region,
      date: digest[5] as string,
      trailName: digest[8] as string,
      homeRegion: digest[9] as string,
      endTime: compactToIso(digest[10] as string),
      backfill: digest[11] !== undefined,
    };
  }
  return undefined;
};

const CLOUDTRAIL_FOLDER = new RegExp(`${HEAD}CloudTrail(?:-Digest|-Insight)?/`);

/**
 * Whether a key lies in a folder only CloudTrail writes to (its log, Insights or digest folder
 * under `AWSLogs/[o-…/]<account>/`), whatever the file's name: other services write under the
 * same `AWSLogs/`.
 * @example
 * inCloudTrailFolder('AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/notes.json.gz') // true
 */
export const inCloudTrailFolder = (key: string): boolean => CLOUDTRAIL_FOLDER.test(key);

/**
 * Decodes a key as S3 event notifications carry it: form encoding, so `+` is a space and a
 * literal `+` arrives as `%2B`.
 */
export const decodeS3EventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));
