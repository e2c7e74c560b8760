import { parseCloudTrailKey } from '../../cloudtrail/parse-key.js';
import { digestKeyDateText } from '../core/digest-keys.js';
import type { DigestStore } from '../types.js';

/**
 * One chain of digests: a trail's digests for one account and source region in one bucket.
 * CloudTrail delivers one digest per stream about every hour while logging and validation are on.
 */
export type DigestStream = {
  bucket: string;
  prefix?: string;
  organizationId?: string;
  accountId: string;
  sourceRegion: string;
  trailName: string;
  homeRegion: string;
  /** Newest and oldest standard digest keys seen (backfill digests are not counted). */
  newestKey?: string;
  oldestKey?: string;
  /** End time of the newest standard digest, from its key. */
  newestEnd?: Date;
};

/** The fields that tell one stream from another. */
export type StreamIdentity = Pick<
  DigestStream,
  'prefix' | 'organizationId' | 'accountId' | 'sourceRegion' | 'trailName' | 'homeRegion'
>;

/** A stream's identity as one string, for maps: the same for a listed stream and its state entry. */
export const digestStreamId = (s: StreamIdentity): string =>
  JSON.stringify([s.prefix, s.organizationId, s.accountId, s.sourceRegion, s.trailName, s.homeRegion]);

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const MAX_PREFIX_DEPTH = 6;

/** Finds the `AWSLogs/` folders of a bucket: at the top or below a key prefix of a few levels. */
async function* awsLogsRoots(store: DigestStore, bucket: string, under = '', depth = 0): AsyncGenerator<string> {
  for await (const name of store.children(bucket, under)) {
    if (name === 'AWSLogs') yield `${under}AWSLogs/`;
    else if (depth < MAX_PREFIX_DEPTH && !ACCOUNT.test(name) && !ORGANIZATION.test(name)) {
      yield* awsLogsRoots(store, bucket, `${under}${name}/`, depth + 1);
    }
  }
}

/**
 * Discovers the digest streams in a bucket by walking its folder levels
 * (`[prefix/]AWSLogs/[o-id/]<acct>/CloudTrail-Digest/<region>/`) and reading trail and home region
 * from the digest file names. Used where nothing says which trails exist: the offline CLI without
 * `--trail-arn`, and the heartbeat.
 *
 * @param store - the store to look in (folder levels come from `children`, so S3 needs no Delimiter)
 * @param bucket - the bucket
 * @param dateFolders - only look in these `YYYY/MM/DD` folders (the heartbeat's recent days); all when omitted
 * @returns the streams, with their newest and oldest standard digest in what was looked at
 * @example
 * const streams = await findDigestStreams(store, 'trail-bucket', ['2026/01/02', '2026/01/03']);
 */
export const findDigestStreams = async (
  store: DigestStore,
  bucket: string,
  dateFolders?: readonly string[]
): Promise<DigestStream[]> => {
  const streams = new Map<string, DigestStream>();
  for await (const logsRoot of awsLogsRoots(store, bucket)) {
    const accountFolders: string[] = [];
    for await (const name of store.children(bucket, logsRoot)) {
      if (ACCOUNT.test(name)) accountFolders.push(`${logsRoot}${name}/`);
      else if (ORGANIZATION.test(name)) {
        for await (const member of store.children(bucket, `${logsRoot}${name}/`)) {
          if (ACCOUNT.test(member)) accountFolders.push(`${logsRoot}${name}/${member}/`);
        }
      }
    }
    for (const accountFolder of accountFolders) {
      const digestFolder = `${accountFolder}CloudTrail-Digest/`;
      for await (const region of store.children(bucket, digestFolder)) {
        const prefixes = dateFolders
          ? dateFolders.map((d) => `${digestFolder}${region}/${d}/`)
          : [`${digestFolder}${region}/`];
        for (const prefix of prefixes) {
          for await (const key of store.list(bucket, prefix)) {
            const parsed = parseCloudTrailKey(key);
            if (parsed?.kind !== 'digest' || parsed.region !== region) continue;
            const id = digestStreamId({ ...parsed, sourceRegion: region });
            let stream = streams.get(id);
            if (stream === undefined) {
              stream = {
                bucket,
                ...(parsed.prefix !== undefined && { prefix: parsed.prefix }),
                ...(parsed.organizationId !== undefined && { organizationId: parsed.organizationId }),
                accountId: parsed.accountId,
                sourceRegion: region,
                trailName: parsed.trailName,
                homeRegion: parsed.homeRegion,
              };
              streams.set(id, stream);
            }
            if (parsed.backfill) continue;
            const date = digestKeyDateText(key);
            if (stream.newestKey === undefined || date > digestKeyDateText(stream.newestKey)) {
              stream.newestKey = key;
              stream.newestEnd = new Date(parsed.endTime);
            }
            if (stream.oldestKey === undefined || date < digestKeyDateText(stream.oldestKey)) stream.oldestKey = key;
          }
        }
      }
    }
  }
  return [...streams.values()];
};
