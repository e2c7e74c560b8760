import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TrailwatchError } from '../model/errors.js';
import { normalizeResult } from '../trails/normalize-result.js';
import { ok, outcomeOfError, skipped } from '../trails/outcome.js';
import {
  type BucketCalls,
  type DescribeTrailsResult,
  type Outcome,
  SNAPSHOT_SCHEMA_VERSION,
  type TrailCalls,
  type TrailSnapshot,
} from '../model/trails.js';

/** The evidence folder is missing, empty, or holds a file that is not the JSON the AWS CLI prints. */
export class SnapshotDirError extends TrailwatchError {
  readonly path: string;
  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = 'SnapshotDirError';
    this.path = path;
  }
}

/**
 * The file each call's output goes in (`<name>.json`, and the CLI's stderr in `<name>.err` when
 * the call failed). docs/trails.md and scripts/trails-evidence.sh make exactly these files.
 */
export const EVIDENCE_FILES = {
  describeTrails: (region: string) => `describe-trails.${region}`,
  trailStatus: (homeRegion: string, name: string) => `get-trail-status.${homeRegion}.${name}`,
  eventSelectors: (homeRegion: string, name: string) => `get-event-selectors.${homeRegion}.${name}`,
  insightSelectors: (homeRegion: string, name: string) => `get-insight-selectors.${homeRegion}.${name}`,
  bucket: {
    policyStatus: (bucket: string) => `get-bucket-policy-status.${bucket}`,
    publicAccessBlock: (bucket: string) => `get-public-access-block.${bucket}`,
    encryption: (bucket: string) => `get-bucket-encryption.${bucket}`,
    versioning: (bucket: string) => `get-bucket-versioning.${bucket}`,
    logging: (bucket: string) => `get-bucket-logging.${bucket}`,
    objectLock: (bucket: string) => `get-object-lock-configuration.${bucket}`,
    lifecycle: (bucket: string) => `get-bucket-lifecycle-configuration.${bucket}`,
    acl: (bucket: string) => `get-bucket-acl.${bucket}`,
  } satisfies Record<keyof BucketCalls, (bucket: string) => string>,
  organization: 'describe-organization',
  delegatedAdministrators: 'list-delegated-administrators',
  takenAt: 'taken-at.txt',
  accountId: 'account-id.txt',
} as const;

const CLI_ERROR = /An error occurred \(([^)]+)\)[^:]*:\s*([^\n]*)/;

/**
 * Reads the error the AWS CLI printed on stderr, e.g.
 * `An error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation: …`.
 */
export const outcomeOfCliError = <T>(stderr: string): Outcome<T> => {
  const match = CLI_ERROR.exec(stderr);
  if (match) return outcomeOfError<T>(match[1] as string, (match[2] as string).trim());
  return { status: 'error', code: 'CliError', message: stderr.trim().split('\n')[0] ?? '' };
};

const readText = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotDirError(path, 'cannot be read', { cause: error });
  }
};

/**
 * Reads one call's evidence: its JSON output, else its CLI error, else "not collected". An empty
 * output file with no error is a success with an empty answer: the CLI prints nothing for
 * `get-bucket-logging` or `get-bucket-versioning` on a bucket that never had them.
 */
const readCall = async <T>(dir: string, base: string): Promise<Outcome<T>> => {
  const json = await readText(join(dir, `${base}.json`));
  if (json !== undefined && json.trim() !== '') {
    try {
      return ok(normalizeResult<T>(JSON.parse(json)));
    } catch (error) {
      throw new SnapshotDirError(
        join(dir, `${base}.json`),
        'is not JSON (expected the output of the AWS CLI with --output json)',
        {
          cause: error,
        }
      );
    }
  }
  const stderr = await readText(join(dir, `${base}.err`));
  if (stderr !== undefined && stderr.trim() !== '') return outcomeOfCliError<T>(stderr);
  if (json !== undefined) return ok({} as T);
  return skipped<T>('NotCollected', `${base}.json is not in the folder`);
};

/**
 * Builds a snapshot from a folder of AWS CLI outputs, one file per call, so an auditor can run
 * the audit offline on evidence handed over. Regions are those with a `describe-trails.<region>`
 * file (or the given ones); trails and buckets are those the DescribeTrails outputs name.
 * @param dir - the folder scripts/trails-evidence.sh (or the commands in docs/trails.md) filled
 * @param regions - audit only these regions (a region without its file becomes "not collected")
 * @returns the snapshot
 * @throws SnapshotDirError when the folder is missing, has no describe-trails file, or a file is not JSON
 * @example
 * const snapshot = await readSnapshotDir('evidence/111122223333');
 */
export const readSnapshotDir = async (dir: string, regions?: readonly string[]): Promise<TrailSnapshot> => {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new SnapshotDirError(dir, 'is not a readable folder', { cause: error });
  }
  const found = [
    ...new Set(
      names
        .map((n) => /^describe-trails\.([a-z0-9-]+)\.(json|err)$/.exec(n)?.[1])
        .filter((r): r is string => Boolean(r))
    ),
  ].sort();
  const auditRegions = regions && regions.length > 0 ? [...regions] : found;
  if (found.length === 0) {
    throw new SnapshotDirError(
      dir,
      'holds no describe-trails.<region>.json file (see docs/trails.md for the commands)'
    );
  }

  const describeTrails: Record<string, Outcome<DescribeTrailsResult>> = {};
  for (const region of auditRegions) {
    describeTrails[region] = await readCall<DescribeTrailsResult>(dir, EVIDENCE_FILES.describeTrails(region));
  }

  const trails: Record<string, TrailCalls> = {};
  const buckets: Record<string, BucketCalls> = {};
  for (const outcome of Object.values(describeTrails)) {
    if (outcome.status !== 'ok') continue;
    for (const trail of outcome.value.trailList ?? []) {
      const arn = trail.TrailARN;
      if (!arn || trails[arn]) continue;
      const home = trail.HomeRegion ?? arn.split(':')[3] ?? 'unknown';
      const name = trail.Name ?? arn.split('/').pop() ?? arn;
      trails[arn] = {
        status: await readCall(dir, EVIDENCE_FILES.trailStatus(home, name)),
        eventSelectors: await readCall(dir, EVIDENCE_FILES.eventSelectors(home, name)),
        insightSelectors: await readCall(dir, EVIDENCE_FILES.insightSelectors(home, name)),
      };
      const bucket = trail.S3BucketName;
      if (bucket && !buckets[bucket]) {
        const calls: Partial<Record<keyof BucketCalls, Outcome<unknown>>> = {};
        for (const [key, file] of Object.entries(EVIDENCE_FILES.bucket)) {
          calls[key as keyof BucketCalls] = await readCall(dir, file(bucket));
        }
        buckets[bucket] = calls as BucketCalls;
      }
    }
  }

  const takenAtText = (await readText(join(dir, EVIDENCE_FILES.takenAt)))?.trim();
  const takenAt =
    takenAtText && !Number.isNaN(Date.parse(takenAtText))
      ? new Date(takenAtText).toISOString()
      : (
          await newestMtime(
            dir,
            names.filter((n) => n.startsWith('describe-trails.'))
          )
        ).toISOString();
  const accountId = (await readText(join(dir, EVIDENCE_FILES.accountId)))?.trim();

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt,
    ...(accountId && /^\d{12}$/.test(accountId) && { accountId }),
    regions: auditRegions,
    describeTrails,
    trails,
    buckets,
    organization: await readCall(dir, EVIDENCE_FILES.organization),
    delegatedAdministrators: await readCall(dir, EVIDENCE_FILES.delegatedAdministrators),
  };
};

const newestMtime = async (dir: string, names: readonly string[]): Promise<Date> => {
  let newest = 0;
  for (const name of names) newest = Math.max(newest, (await stat(join(dir, name))).mtimeMs);
  return new Date(newest);
};
