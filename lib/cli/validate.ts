import { readdir, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseCliDate } from '../digest/cli-dates.js';
import { CliReport } from '../digest/cli-report.js';
import { digestKeyDate, digestKeyPattern, digestListingPrefix } from '../digest/digest-keys.js';
import { InputFileError, StoreReadError, ValidationAbortedError } from '../digest/errors.js';
import { type DigestStream, findDigestStreams } from '../digest/find-digest-streams.js';
import { JsonReport, type JsonTrailReport } from '../digest/json-report.js';
import { localStore, type MetadataMap } from '../digest/local-store.js';
import { parseMetadataFile } from '../digest/parse-metadata-file.js';
import { parseListPublicKeysOutput, staticKeySource } from '../digest/public-keys.js';
import type { DigestStore, PublicKeySource, TrailCoordinates } from '../digest/types.js';
import { validateTrail } from '../digest/validate-trail.js';
import { createClients } from '../aws/clients.js';
import { s3DigestStore } from '../aws/digest-store.js';
import { cloudTrailClientFor, cloudTrailKeySource } from '../aws/public-keys.js';
import { loadConfig } from '../config.js';
import { type CliIo, USAGE_EXIT } from './main.js';

const USAGE = `usage: trailwatch validate <root> --public-keys <file>... [options]
       trailwatch validate s3://<bucket> [options]

Validates CloudTrail digest and log files the way 'aws cloudtrail validate-logs' does: in a local
copy of the trail bucket(s), laid out as 'aws s3 sync s3://<bucket> <root>/<bucket>' writes it, or
directly in S3 (credentials and AWS_ENDPOINT_URL_S3 as for the AWS CLI).

  --public-keys <file>...   'aws cloudtrail list-public-keys' output (repeatable; required for a local
                            root; for s3:// the keys come from ListPublicKeys in the source region)
  --metadata <file.json>    S3 metadata of the digests {"<bucket>/<key>": {"signature": ...}}; with an entry
                            for every digest, the text output and exit code are those of
                            'aws cloudtrail validate-logs'. Digests without an entry are verified with the
                            next digest's previousDigestSignature, or reported NOT VERIFIED.
  --trail-arn ARN           the trail (default: every trail found under <root>)
  --region R                source region to validate (default: the trail's home region; all without --trail-arn)
  --s3-bucket B             bucket folder to start from (default: the one holding the newest digest)
  --s3-prefix P             key prefix of the trail (default: found under <root>)
  --account-id ID           account to validate (required for organization trails)
  --start-time T            default: the oldest digest found
  --end-time T              default: now
  --verbose                 also print valid files
  --format text|json        default: text
  --findings                print the checks validate-logs skips after the summary (always in json)
  --strict                  exit 1 also on unverified digests and high/critical findings
  --allow-trailing-data     judge data after a log's gzip member valid, as aws-cli 1.45 and older do
  --pkcs1-only              reject SPKI public keys, as aws-cli does
  --concurrency N           log files hashed at once (default 16)

Exit codes: 0 all valid, 1 something INVALID, 2 usage error, 255 validation could not run.
`;

const ARN = /^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/;

const OPTIONS = {
  'public-keys': { type: 'string', multiple: true },
  metadata: { type: 'string' },
  'trail-arn': { type: 'string' },
  region: { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-prefix': { type: 'string' },
  'account-id': { type: 'string' },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  verbose: { type: 'boolean' },
  format: { type: 'string' },
  findings: { type: 'boolean' },
  strict: { type: 'boolean' },
  'allow-trailing-data': { type: 'boolean' },
  'pkcs1-only': { type: 'boolean' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Args = ReturnType<typeof parse>['values'];

/** `--public-keys a.json b.json` → `--public-keys a.json --public-keys b.json`. */
const spreadMultiple = (args: string[]): string[] => {
  const out: string[] = [];
  let inKeys = false;
  for (const arg of args) {
    if (arg.startsWith('-')) inKeys = arg === '--public-keys';
    else if (inKeys && out[out.length - 1] !== '--public-keys') out.push('--public-keys');
    out.push(arg);
  }
  return out;
};

const parse = (args: string[]) => parseArgs({ args: spreadMultiple(args), options: OPTIONS, allowPositionals: true, strict: true });

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('us-iso') ? 'aws-iso' : 'aws';

/** A trail to validate and the oldest digest seen for it (the default start). */
type Target = { trail: TrailCoordinates; oldest?: Date };

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
 * Works out which trails to validate. With `--trail-arn`, as the CLI does from the ARN, except that
 * bucket, prefix and organization come from the folders under `root` (there is no DescribeTrails
 * offline); without it, every chain found.
 */
const resolveTargets = async (store: DigestStore, root: string, args: Args, needOldest: boolean): Promise<Target[]> => {
  const s3Bucket = s3BucketOf(root);
  const buckets = args['s3-bucket'] ? [args['s3-bucket']] : s3Bucket !== undefined ? [s3Bucket] : await bucketFolders(root);
  const arn = args['trail-arn'];
  if (arn !== undefined && !ARN.test(arn)) throw new ValidationAbortedError(`Invalid trail ARN provided: ${arn}`);
  if (arn !== undefined && buckets.length === 1) {
    const direct = await directTarget(store, buckets[0] as string, arn, args, needOldest);
    if (direct) return [direct];
  }
  const streams: DigestStream[] = [];
  for (const bucket of buckets) streams.push(...(await findDigestStreams(store, bucket)));
  const prefixOk = (s: DigestStream): boolean => args['s3-prefix'] === undefined || (s.prefix ?? '') === args['s3-prefix'];
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
  const trail: TrailCoordinates = {
    arn,
    name,
    homeRegion,
    sourceRegion,
    accountId,
    bucket,
    ...(args['s3-prefix'] && { prefix: args['s3-prefix'] }),
  };
  return [{ trail }];
};

/** What the CLI derives from the ARN: trail name, home region, account, source region. */
const fromArn = (arn: string, args: Args) => {
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
const directTarget = async (store: DigestStore, bucket: string, arn: string, args: Args, needOldest: boolean): Promise<Target | undefined> => {
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
const s3BucketOf = (root: string): string | undefined => (root.startsWith('s3://') ? root.slice(5).split('/')[0] : undefined);

const readKeys = async (files: readonly string[]): Promise<PublicKeySource> => {
  const keys = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InputFileError(file, (error as Error).message, { cause: error });
    }
    keys.push(...parseListPublicKeysOutput(text, file));
  }
  return staticKeySource(keys);
};

const readMetadata = async (file: string | undefined): Promise<MetadataMap | undefined> => {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputFileError(file, (error as Error).message, { cause: error });
  }
  return parseMetadataFile(text, file);
};

/** Errors that end a validation with exit 255, as the CLI's: ours, and AWS service errors (access denied…). */
const isFatal = (error: unknown): error is Error =>
  error instanceof ValidationAbortedError ||
  error instanceof StoreReadError ||
  error instanceof InputFileError ||
  (error instanceof Error && (error as { $metadata?: unknown }).$metadata !== undefined);

/**
 * `trailwatch validate`: offline `aws cloudtrail validate-logs`.
 * @param args - arguments after `validate`
 * @param io - output streams
 * @returns 0 valid, 1 INVALID found, 2 usage error, 255 could not run
 */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`trailwatch validate: ${(error as Error).message}\n\n${USAGE}`);
    return USAGE_EXIT;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [root, ...extra] = positionals;
  const format = values.format ?? 'text';
  const concurrency = Number(values.concurrency ?? 16);
  const problem =
    root === undefined
      ? 'missing <root>'
      : extra.length > 0
        ? `unexpected argument '${extra[0]}'`
        : !values['public-keys']?.length && s3BucketOf(root) === undefined
          ? '--public-keys is required for a local root (save it with: aws cloudtrail list-public-keys --region <r> > keys.json)'
          : s3BucketOf(root) === ''
            ? 'no bucket in the s3:// root'
          : !['text', 'json'].includes(format)
            ? `--format must be text or json, not '${format}'`
            : !Number.isInteger(concurrency) || concurrency < 1
              ? '--concurrency must be a positive integer'
              : undefined;
  if (problem !== undefined || root === undefined) {
    io.stderr(`trailwatch validate: ${problem}\n\n${USAGE}`);
    return USAGE_EXIT;
  }

  const reports: JsonTrailReport[] = [];
  let exitCode = 0;
  try {
    const start = values['start-time'] === undefined ? undefined : parseCliDate(values['start-time']);
    const end = values['end-time'] === undefined ? new Date(Math.floor(Date.now() / 1000) * 1000) : parseCliDate(values['end-time']);
    if (start !== undefined && start.getTime() > end.getTime()) {
      throw new ValidationAbortedError('Invalid time range specified: start-time must occur before end-time');
    }
    const onS3 = s3BucketOf(root) !== undefined;
    const savedKeys = values['public-keys']?.length ? await readKeys(values['public-keys']) : undefined;
    const metadata = await readMetadata(values.metadata);
    const store = onS3 ? s3DigestStore(createClients(loadConfig(process.env)).s3) : localStore(root, metadata);
    const targets = await resolveTargets(store, root, values, start === undefined);
    if (targets.length === 0 && format === 'text') io.stderr(`No digests found under ${root}\n`);
    for (const [index, target] of targets.entries()) {
      const from = start ?? (target.oldest && target.oldest.getTime() < end.getTime() ? target.oldest : end);
      if (index > 0 && format === 'text') io.stdout('\n');
      const text = new CliReport(format === 'text' ? io : { stdout: () => {}, stderr: () => {} }, {
        arn: target.trail.arn,
        start: from,
        end,
        verbose: values.verbose === true,
        showFindings: values.findings === true,
      });
      const json = new JsonReport();
      text.begin();
      let error: string | undefined;
      let code: number;
      try {
        for await (const event of validateTrail({
          store,
          keys: savedKeys ?? cloudTrailKeySource(cloudTrailClientFor(target.trail.sourceRegion)),
          trail: target.trail,
          start: from,
          end,
          signatureFallback: true,
          hashConcurrency: concurrency,
          compat: {
            trailingData: values['allow-trailing-data'] ? 'ignore' : 'invalid',
            keyEncoding: values['pkcs1-only'] ? 'pkcs1-only' : 'pkcs1-or-spki',
          },
        })) {
          text.add(event);
          json.add(event);
        }
        text.finish();
        code = text.exitCode(values.strict === true);
      } catch (failure) {
        if (!isFatal(failure)) throw failure;
        error = failure.message;
        if (format === 'text') io.stderr(`\n${failure.message}\n`);
        code = 255;
      }
      exitCode = Math.max(exitCode, code);
      reports.push(json.build(target.trail, from, end, text, code, error));
    }
  } catch (failure) {
    if (!isFatal(failure) && !(failure instanceof Error && /^(Unable to parse date value|Parser must be)/.test(failure.message))) {
      throw failure;
    }
    const message = (failure as Error).message;
    if (format === 'text') io.stderr(`\n${message}\n`);
    else io.stdout(`${JSON.stringify({ version: 1, error: message, results: reports }, null, 2)}\n`);
    return 255;
  }
  if (format === 'json') io.stdout(`${JSON.stringify({ version: 1, results: reports }, null, 2)}\n`);
  return exitCode;
};
