import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { type CloudTrailKey, parseCloudTrailKey } from '../cloudtrail/parse-key.js';
import type { ObjectRef } from '../model/object-ref.js';

/** A log file on disk, with the S3 reference it had before `aws s3 sync` copied it. */
export type LocalLogFile = { path: string; ref: ObjectRef; key?: CloudTrailKey; size: number };

export type FindOptions = {
  /** Which kinds to keep (default: log and Insights files). */
  kinds?: ReadonlyArray<CloudTrailKey['kind']>;
};

const toPosix = (path: string): string => path.split(sep).join('/');

/**
 * Finds CloudTrail files under folders (as `aws s3 sync s3://bucket DIR` lays them out,
 * including `<prefix>/AWSLogs/o-…/` organization trails) and files named directly.
 *
 * In a folder only files whose path parses as a CloudTrail key of a wanted kind are taken
 * (other services' logs share the bucket). A file named directly is always taken. The S3 key is
 * the path below the folder given (or from `AWSLogs/` on, for a file named directly); the
 * bucket is the folder's name.
 *
 * @returns files sorted by key, so output is stable
 * @throws when a path does not exist
 */
export const findLogFiles = async (paths: readonly string[], options: FindOptions = {}): Promise<LocalLogFile[]> => {
  const kinds = options.kinds ?? ['log', 'insight'];
  const found: LocalLogFile[] = [];
  for (const given of paths) {
    const root = resolve(given);
    const info = await stat(root);
    if (info.isFile()) {
      const posix = toPosix(root);
      const at = posix.lastIndexOf('AWSLogs/');
      const keyStart = at < 0 ? posix.lastIndexOf('/') + 1 : posix.lastIndexOf('/', at - 1) + 1;
      const key = at < 0 ? basename(root) : posix.slice(keyStart);
      const parsed = parseCloudTrailKey(key) ?? parseCloudTrailKey(posix.slice(at));
      found.push({ path: root, ref: { bucket: 'local', key, size: info.size }, key: parsed, size: info.size });
      continue;
    }
    for await (const path of walk(root)) {
      const key = toPosix(relative(root, path));
      const parsed = parseCloudTrailKey(key);
      if (parsed === undefined || !kinds.includes(parsed.kind)) continue;
      const size = (await stat(path)).size;
      found.push({ path, ref: { bucket: basename(root), key, size }, key: parsed, size });
    }
  }
  return found.sort((a, b) => a.ref.key.localeCompare(b.ref.key));
};

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
