import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type FindOptions, findLogFiles, type LocalLogFile } from '../local/find-log-files.js';
import type { CliIo } from './parse-command.js';

/** A log file found under a path the user named, with its path as the user would write it. */
export type InputFile = LocalLogFile & {
  /** The path as given on the command line, plus the file's place below it (`trail/AWSLogs/…`). */
  shownPath: string;
};

/**
 * Finds the log files under the paths named on the command line (lib/local/find-log-files.ts),
 * loud about what it cannot use: a path that is not there throws Node's ENOENT naming the path
 * as given (the CLI prints it as one line), and a folder without a CloudTrail log file is named
 * in a warning on stderr (the run goes on: the other paths may hold files).
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
  for (const given of paths) {
    const folder = (await stat(given)).isDirectory();
    const files = await findLogFiles([given], options);
    if (folder && files.length === 0)
      io.stderr(`trailwatch ${command}: warning: no CloudTrail log files under ${given}\n`);
    for (const file of files)
      found.push({ ...file, shownPath: folder ? join(given, relative(resolve(given), file.path)) : given });
  }
  return found.sort((a, b) => a.ref.key.localeCompare(b.ref.key));
};
