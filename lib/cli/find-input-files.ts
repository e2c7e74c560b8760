import { plural } from './plural.js';
import { stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { SKIP_REASONS, type SkipReason } from '../local/classify-input-file.js';
import { type FindOptions, findLogFiles, type LocalLogFile } from '../local/find-log-files.js';
import type { CliIo } from './parse-command.js';

/**
 * The order of `String.prototype.localeCompare` (the default locale's collation), from one collator
 * made once: localeCompare builds its collation per call, which costs a sort of thousands of keys
 * tens of milliseconds.
 */
const byText = new Intl.Collator().compare;

/** A log file found under a path the user named, with its path as the user would write it. */
export type InputFile = LocalLogFile & {
  /** The path as given on the command line, plus the file's place below it (`trail/AWSLogs/…`). */
  shownPath: string;
};

/**
 * Finds the log files under the paths named on the command line (lib/local/find-log-files.ts),
 * in every record form (CloudTrail log files, also outside `AWSLogs/`; JSON arrays and lines of
 * records; lookup-events output; EventBridge events), loud about what it cannot use: a path
 * that is not there throws Node's ENOENT naming the path as given (the CLI prints it as one
 * line), a folder's files that were skipped are counted on stderr with the reasons, and a
 * folder without a log file is named in a warning on stderr (the run goes on: the other paths
 * may hold files). A file reached more than once (a path given twice, a folder and a file or
 * folder inside it, two links to one file) is read once, and stderr says how many were.
 * @param paths - folders and files, as given
 * @param command - the subcommand, for the warning (`scan`)
 * @param io - the CLI's streams
 * @param options - which kinds of file to keep
 * @returns the files, sorted by key as findLogFiles sorts them
 * @throws Node's file-system error (ENOENT, EACCES…) for a path that cannot be read
 */
export const findInputFiles = async (
  paths: readonly string[],
  command: string,
  io: CliIo,
  options: FindOptions = {}
): Promise<InputFile[]> => {
  const found: InputFile[] = [];
  const seen = new Set<string>();
  let again = 0;
  for (const given of paths) {
    const folder = (await stat(given)).isDirectory();
    const skipped = new Map<SkipReason, string[]>();
    const files = await findLogFiles([given], {
      forms: true,
      onSkip: (path, reason) =>
        skipped.set(reason, [...(skipped.get(reason) ?? []), folder ? relative(resolve(given), path) : given]),
      ...options,
    });
    if (skipped.size > 0) io.stderr(`trailwatch ${command}: ${skipMessage(folder ? given : undefined, skipped)}\n`);
    if (folder && files.length === 0)
      io.stderr(`trailwatch ${command}: warning: no CloudTrail log files under ${given}\n`);
    // A folder's file has its key below the folder (findLogFiles): shown as `join(given, key)`,
    // built by concatenation from the joined folder (a key is plain names, which join leaves as
    // they are) with its `/` as the platform's separator, as it was the path relative to the folder.
    const under = folder ? join(given, '_').slice(0, -1) : '';
    for (const file of files) {
      const identity = file.file ?? file.path;
      if (seen.has(identity)) {
        again++;
        continue;
      }
      seen.add(identity);
      const key = file.ref.key;
      found.push({ ...file, shownPath: folder ? under + (sep === '/' ? key : key.replaceAll('/', sep)) : given });
    }
  }
  if (again > 0)
    io.stderr(
      `trailwatch ${command}: ${plural(again, 'file')} reached by more than one path (named twice, inside another named folder, or through a link) read once\n`
    );
  return found.sort((a, b) => byText(a.ref.key, b.ref.key));
};

const SHOWN = 3;

/** `skipped 3 files under dl: 2 not named .json, .jsonl or .gz (a.txt, b.csv); 1 without CloudTrail records … (c.json)`. */
const skipMessage = (folder: string | undefined, skipped: ReadonlyMap<SkipReason, string[]>): string => {
  const total = [...skipped.values()].reduce((n, paths) => n + paths.length, 0);
  const parts = [...skipped].map(([reason, paths]) => {
    const sorted = [...paths].sort();
    const names = sorted.slice(0, SHOWN).join(', ') + (sorted.length > SHOWN ? ', …' : '');
    return `${paths.length} ${SKIP_REASONS[reason]} (${names})`;
  });
  return `skipped ${plural(total, 'file')}${folder === undefined ? '' : ` under ${folder}`}: ${parts.join('; ')}`;
};
