import { readdirSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { type CloudTrailKey, parseCloudTrailKey } from '../cloudtrail/parse-key.js';
import type { InputForm } from '../cloudtrail/input-forms/input-form.js';
import { parseLogFileName } from '../cloudtrail/input-forms/log-file-name.js';
import type { ObjectRef } from '../model/object-ref.js';
import { classifyInputFile, type SkipReason, sniffFile } from './classify-input-file.js';

/**
 * A log file on disk, with the S3 reference it had before `aws s3 sync` copied it; `form` is set
 * when the file holds records in another form than a CloudTrail log file's (openLocalFile reads it).
 */
export type LocalLogFile = {
  path: string;
  ref: ObjectRef;
  key?: CloudTrailKey;
  size: number;
  /** The file's identity on disk (device and inode): the same for every path that reaches it. */
  file?: string;
  form?: Exclude<InputForm, 'cloudtrail'>;
};

/**
 * `device:inode`, what {@link LocalLogFile.file} holds; undefined where the file system gives no
 * inode (0, as some network and Windows file systems report), so files there are told apart by
 * path instead of all looking like one.
 */
export const fileId = (info: { dev: number; ino: number }): string | undefined =>
  info.ino === 0 ? undefined : `${info.dev}:${info.ino}`;

/** `{ file }` when the file has an identity (see {@link fileId}), else nothing. */
const fileIdOf = (info: { dev: number; ino: number }): { file?: string } => {
  const file = fileId(info);
  return file === undefined ? {} : { file };
};

export type FindOptions = {
  /** Which kinds to keep (default: log and Insights files). */
  kinds?: ReadonlyArray<CloudTrailKey['kind']>;
  /**
   * Also take what is not under an `AWSLogs/` key (see classifyInputFile): CloudTrail-named
   * files in any folder, and files in the other record forms, sniffed; named files are sniffed too.
   */
  forms?: boolean;
  /** Hears each file of a folder that was left out, and why (with `forms`). */
  onSkip?: (path: string, reason: SkipReason) => void;
};

/**
 * The order of `String.prototype.localeCompare` (the default locale's collation), from one collator
 * made once: localeCompare builds its collation per call, which costs a sort of thousands of keys
 * tens of milliseconds.
 */
const byText = new Intl.Collator().compare;

const toPosix = (path: string): string => path.split(sep).join('/');

/**
 * Finds CloudTrail files under folders (as `aws s3 sync s3://bucket DIR` lays them out,
 * including `<prefix>/AWSLogs/o-…/` organization trails) and files named directly.
 *
 * In a folder only files whose path parses as a CloudTrail key of a wanted kind are taken
 * (other services' logs share the bucket); with `forms`, also CloudTrail-named files in any
 * folder and files in the other record forms (classifyInputFile), each other file reported to
 * `onSkip`. A file named directly is always taken (with `forms`, sniffed for its form), but for a
 * CloudTrail digest file when digests are not a wanted kind (reported to `onSkip`: a shell glob
 * over a synced bucket names them, and read as a log each would be a damaged file). The S3
 * key is the path below the folder given (or from `AWSLogs/` on, for a file named directly);
 * the bucket is the folder's name. Symbolic links are followed, to files and to folders (a
 * folder reached again through a link is walked once).
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
      const parsed =
        parseCloudTrailKey(key) ??
        parseCloudTrailKey(posix.slice(at)) ??
        (options.forms ? parseLogFileName(basename(root)) : undefined);
      if (parsed?.kind === 'digest' && !kinds.includes('digest')) {
        options.onSkip?.(root, 'digest');
        continue;
      }
      const sniffed = options.forms && parsed === undefined ? await sniffFile(root) : undefined;
      found.push({
        path: root,
        ref: { bucket: 'local', key, size: info.size },
        key: parsed,
        size: info.size,
        ...fileIdOf(info),
        ...(sniffed !== undefined && sniffed !== 'cloudtrail' && { form: sniffed }),
      });
      continue;
    }
    for (const [path, key] of filesUnder(root, (link) => options.onSkip?.(link, 'broken-link'))) {
      const parsed = parseCloudTrailKey(key);
      if (parsed === undefined && options.forms) {
        const classed = await classifyInputFile(path, kinds);
        if (!classed.take) {
          if (classed.skip) options.onSkip?.(path, classed.skip);
          continue;
        }
        const info = statSync(path);
        const size = info.size;
        found.push({
          path,
          ref: { bucket: basename(root), key, size },
          ...(classed.key && { key: classed.key }),
          size,
          ...fileIdOf(info),
          ...(classed.form && { form: classed.form }),
        });
        continue;
      }
      if (parsed === undefined || !kinds.includes(parsed.kind)) continue;
      // Synchronous: a folder of thousands of small deliveries would otherwise wait on the thread
      // pool once per file, where the metadata sits in the kernel's cache.
      const info = statSync(path);
      found.push({
        path,
        ref: { bucket: basename(root), key, size: info.size },
        key: parsed,
        size: info.size,
        ...fileIdOf(info),
      });
    }
  }
  return found.sort((a, b) => byText(a.ref.key, b.ref.key));
};

/**
 * Every file below `root` with its path (`root` joined to the names below it) and its key (the
 * names from `root` down, joined by `/`): built by concatenation as the folders are walked, the
 * same strings `join` and `relative` give, without normalising each path again. A symbolic link
 * is followed to what it names (a file, or a folder walked under the link's name; a folder a
 * link reached before, or the root, is not walked again, so a loop of links ends), and a link to
 * nothing is told to `onBroken`. A file reached twice is found twice: findInputFiles reads it once.
 */
const filesUnder = (root: string, onBroken: (path: string) => void): Array<[path: string, key: string]> => {
  const files: Array<[string, string]> = [];
  // Folders reached through a link, by real path: a link back up the tree is walked once.
  const linked = new Set([realpathSync(root)]);
  // `resolve` leaves a separator at the end of a root only (`/`, `C:\`).
  const walk = (dir: string, prefix: string, keyPrefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix + entry.name;
      const key = keyPrefix + entry.name;
      if (entry.isDirectory()) walk(path, path + sep, `${key}/`);
      else if (entry.isFile()) files.push([path, key]);
      else if (entry.isSymbolicLink()) {
        const target = statSync(path, { throwIfNoEntry: false });
        if (target === undefined) onBroken(path);
        else if (target.isFile()) files.push([path, key]);
        else if (target.isDirectory()) {
          const real = realpathSync(path);
          if (linked.has(real)) continue;
          linked.add(real);
          walk(path, path + sep, `${key}/`);
        }
      }
    }
  };
  walk(root, root.endsWith(sep) ? root : root + sep, '');
  return files;
};
