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
  const log = LOG_KEY.exec(key);
  if (log) {
    const [
      ,
      prefix,
      organizationId,
      accountId,
      folder,
      region,
      date,
      nameAccount,
      nameLiteral,
      nameRegion,
      stamp,
      unique,
    ] = log;
    if (accountId !== nameAccount || region !== nameRegion || folder !== nameLiteral) return undefined;
    return {
      kind: folder === 'CloudTrail' ? 'log' : 'insight',
      prefix: prefix || undefined,
      organizationId,
      accountId: accountId as string,
      region: region as string,
      date: date as string,
      deliveredAt: compactToIso(stamp as string),
      unique: unique as string,
    };
  }
  const digest = DIGEST_KEY.exec(key);
  if (digest) {
    const [
      ,
      prefix,
      organizationId,
      accountId,
      region,
      date,
      nameAccount,
      nameRegion,
      trailName,
      homeRegion,
      stamp,
      backfill,
    ] = digest;
    if (accountId !== nameAccount || region !== nameRegion) return undefined;
    return {
      kind: 'digest',
      prefix: prefix || undefined,
      organizationId,
      accountId: accountId as string,
      region: region as string,
      date: date as string,
      trailName: trailName as string,
      homeRegion: homeRegion as string,
      endTime: compactToIso(stamp as string),
      backfill: backfill !== undefined,
    };
  }
  return undefined;
};

/**
 * Decodes a key as S3 event notifications carry it: form encoding, so `+` is a space and a
 * literal `+` arrives as `%2B`.
 */
export const decodeS3EventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));
