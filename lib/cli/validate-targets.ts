import { readdir } from 'node:fs/promises';
import {
  type DigestStore,
  type DigestStream,
  digestKeyDate,
  digestKeyPattern,
  digestListingPrefix,
  findDigestStreams,
  type TrailCoordinates,
  ValidationAbortedError,
} from '../digest/index.js';

/** The options of `trailwatch validate` that decide which trails are validated. */
export type TargetArgs = {
  'trail-arn'?: string;
  region?: string;
  's3-bucket'?: string;
  's3-prefix'?: string;
  'account-id'?: string;
};

const ARN = /^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/;

const partitionOf = (region: string): string =>
  region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : region.startsWith('us-iso')
        ? 'aws-iso'
        : 'aws';

/** A trail to validate and the oldest digest seen for it (the default start). */
export type Target = {
  trail: TrailCoordinates;
  oldest?: Date;
  /** For a trail named by --trail-arn whose digests are not there: which trails' digests are (for stderr). */
  notFound?: string;
};

const streamId = (s: DigestStream): string =>
  JSON.stringify([s.prefix, s.organizationId, s.accountId, s.sourceRegion, s.trailName, s.homeRegion]);

/** Picks, per chain, the bucket holding the newest digest: the chain starts there and may point into older buckets. */
const newestPerChain = (streams: DigestStream[]): Array<{ stream: DigestStream; oldest?: Date }> => {
  const groups = new Map<string, DigestStream[]>();
  for (const s of streams) groups.set(streamId(s), [...(groups.get(streamId(s)) ?? []), s]);
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => (b.newestEnd?.getTime() ?? 0) - (a.newestEnd?.getTime() ?? 0));
    const oldestKeys = group.flatMap((s) => (s.oldestKey ? [digestKeyDate(s.oldestKey)] : []));
    const oldest = oldestKeys.length > 0 ? new Date(Math.min(...oldestKeys.map((d) => d.getTime()))) : undefined;
    return { stream: sorted[0] as DigestStream, ...(oldest && { oldest }) };
  });
};

const toTrail = (s: DigestStream, arn?: string): TrailCoordinates => ({
  arn: arn ?? `arn:${partitionOf(s.homeRegion)}:cloudtrail:${s.homeRegion}:${s.accountId}:trail/${s.trailName}`,
  name: s.trailName,
  homeRegion: s.homeRegion,
  sourceRegion: s.sourceRegion,
  accountId: s.accountId,
  ...(s.organizationId !== undefined && { organizationId: s.organizationId }),
  bucket: s.bucket,
  ...(s.prefix !== undefined && { prefix: s.prefix }),
});

const bucketFolders = async (root: string): Promise<string[]> => {
  try {
    return (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    throw new ValidationAbortedError(`cannot read ${root}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Works out which trails `trailwatch validate` checks. With `--trail-arn`, as the CLI does from the ARN, except that
 * bucket, prefix and organization come from the folders under `root` (there is no DescribeTrails
 * offline); without it, every chain found.
 * @param store - the local or S3 store
 * @param root - the root argument (folder or `s3://bucket`)
 * @param args - the parsed options
 * @param needOldest - whether the oldest digest is needed (no `--start-time`)
 * @returns the trails, each with the oldest digest seen
 * @throws ValidationAbortedError with the CLI's message for a bad ARN or a missing `--account-id`
 */
export const resolveTargets = async (
  store: DigestStore,
  root: string,
  args: TargetArgs,
  needOldest: boolean
): Promise<Target[]> => {
  const s3Bucket = s3BucketOf(root);
  const buckets = args['s3-bucket']
    ? [args['s3-bucket']]
    : s3Bucket !== undefined
      ? [s3Bucket]
      : await bucketFolders(root);
  const arn = args['trail-arn'];
  if (arn !== undefined && !ARN.test(arn)) throw new ValidationAbortedError(`Invalid trail ARN provided: ${arn}`);
  if (arn !== undefined && buckets.length === 1) {
    const direct = await directTarget(store, buckets[0] as string, arn, args, needOldest);
    if (direct) return [direct];
  }
  const streams: DigestStream[] = [];
  for (const bucket of buckets) streams.push(...(await findDigestStreams(store, bucket)));
  const prefixOk = (s: DigestStream): boolean =>
    args['s3-prefix'] === undefined || (s.prefix ?? '') === args['s3-prefix'];
  if (arn === undefined) {
    const chosen = streams.filter(
      (s) =>
        prefixOk(s) &&
        (args.region === undefined || s.sourceRegion === args.region) &&
        (args['account-id'] === undefined || s.accountId === args['account-id'])
    );
    return newestPerChain(chosen).map(({ stream, oldest }) => ({ trail: toTrail(stream), ...(oldest && { oldest }) }));
  }
  const { name, homeRegion, accountId, sourceRegion } = fromArn(arn, args);
  const ofTrail = streams.filter((s) => prefixOk(s) && s.trailName === name && s.homeRegion === homeRegion);
  if (!args['account-id'] && ofTrail.some((s) => s.organizationId !== undefined)) {
    throw new ValidationAbortedError("Missing required parameter for organization trail: '--account-id'");
  }
  const matching = ofTrail.filter((s) => s.accountId === accountId && s.sourceRegion === sourceRegion);
  const [best] = newestPerChain(matching);
  if (best) return [{ trail: toTrail(best.stream, arn), ...(best.oldest && { oldest: best.oldest }) }];
  const bucket = buckets[0];
  if (bucket === undefined) throw new ValidationAbortedError(`no bucket folders under ${root}`);
  // The AWS CLI asks CloudTrail whether the trail exists ("A trail could not be found"); a local
  // copy can only say whose digests it holds.
  const found = [
    ...new Set(
      newestPerChain(streams.filter(prefixOk)).map(({ stream }) => `${toTrail(stream).arn} in ${stream.sourceRegion}`)
    ),
  ];
  const notFound = `no digest of ${arn}${args.region ? ` in ${args.region}` : ''} under ${root}; ${
    found.length === 0 ? 'no digest of any trail is there' : `digests found for ${found.join(', ')}`
  }`;
  const trail: TrailCoordinates = {
    arn,
    name,
    homeRegion,
    sourceRegion,
    accountId,
    bucket,
    ...(args['s3-prefix'] && { prefix: args['s3-prefix'] }),
  };
  return [{ trail, notFound }];
};

/** What the CLI derives from the ARN: trail name, home region, account, source region. */
const fromArn = (arn: string, args: TargetArgs) => {
  const parts = arn.split(':');
  const homeRegion = parts[3] as string;
  return {
    name: arn.split('/').pop() as string,
    homeRegion,
    accountId: args['account-id'] || (parts[4] as string),
    sourceRegion: args.region || homeRegion,
  };
};

/**
 * With one bucket and an ARN, looks straight at the trail's own (non-organization) digest folder,
 * `[prefix/]AWSLogs/<acct>/CloudTrail-Digest/<region>/`: one listing instead of walking every folder
 * level (which costs a round trip per level on S3). Undefined when nothing of the trail is there
 * (an organization trail, or an unknown prefix): the caller then discovers.
 */
const directTarget = async (
  store: DigestStore,
  bucket: string,
  arn: string,
  args: TargetArgs,
  needOldest: boolean
): Promise<Target | undefined> => {
  const { name, homeRegion, accountId, sourceRegion } = fromArn(arn, args);
  const trail: TrailCoordinates = {
    arn,
    name,
    homeRegion,
    sourceRegion,
    accountId,
    bucket,
    ...(args['s3-prefix'] && { prefix: args['s3-prefix'] }),
  };
  const pattern = digestKeyPattern(trail);
  for await (const key of store.list(bucket, `${digestListingPrefix(trail)}/`)) {
    if (!pattern.test(key)) continue;
    // Digest folders are dated, so the first key of the trail is its oldest digest.
    return { trail, ...(needOldest && { oldest: digestKeyDate(key) }) };
  }
  return undefined;
};

/** The bucket of an `s3://bucket[/]` root, or undefined for a folder. */
export const s3BucketOf = (root: string): string | undefined =>
  root.startsWith('s3://') ? root.slice(5).split('/')[0] : undefined;
