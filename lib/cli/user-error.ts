import { ConfigError, TrailwatchError } from '../model/errors.js';
import { USAGE_EXIT } from './parse-command.js';

/** What a file-system error code means, in the words `ls` and `cat` use. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/**
 * One line for a file-system error of a path the user named: `trail/: no such file or
 * directory`.
 * @param error - anything thrown
 * @param subject - what to name instead of the error's own path (`--prices p.json`)
 * @returns the line, or undefined when `error` is no file-system error of a known kind
 */
export const describeFsError = (error: unknown, subject?: string): string | undefined => {
  const { code, path } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    path?: unknown;
  };
  const reason = typeof code === 'string' ? FS_REASONS[code] : undefined;
  if (reason === undefined) return undefined;
  const named = subject ?? (typeof path === 'string' ? path : undefined);
  return named === undefined ? reason : `${named}: ${reason}`;
};

/**
 * Sorts out the errors a user can mend (a path that is not there or not readable, a bad setting,
 * anything trailwatch throws on purpose, an AWS service refusal) from bugs. The CLI prints the
 * former as one line without a stack trace and lets the latter through.
 * @param error - what a subcommand threw
 * @returns the line and exit code (2 for paths and settings, 1 otherwise), or undefined for a bug
 */
export const userError = (error: unknown): { message: string; exitCode: number } | undefined => {
  const fs = describeFsError(error);
  if (fs !== undefined) return { message: fs, exitCode: USAGE_EXIT };
  if (error instanceof ConfigError) return { message: error.message, exitCode: USAGE_EXIT };
  if (error instanceof TrailwatchError) return { message: error.message, exitCode: 1 };
  // AWS service errors (AccessDenied, …) and missing credentials: the account's answer, not a bug.
  if (error instanceof Error && ('$metadata' in error || error.name === 'CredentialsProviderError'))
    return { message: `${error.name}: ${error.message}`, exitCode: 1 };
  return undefined;
};
