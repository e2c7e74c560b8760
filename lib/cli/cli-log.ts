import { stderrLog } from '../logger.js';
import type { Log } from '../model/log.js';
import type { CliIo } from './parse-command.js';

/**
 * The one logger of a CLI run: JSON lines on the CLI's stderr, never stdout (which carries the
 * command's data only). Every core function and adapter the CLI calls gets this logger, so
 * none of them falls back to the Lambda functions' Powertools logger, which writes to stdout.
 * @param io - the CLI's streams
 * @param verbose - `--verbose`: also log each file (info); otherwise warnings and errors only
 * @returns the logger
 */
export const cliLog = (io: CliIo, verbose = false): Log => stderrLog(verbose ? 'info' : 'warn', io.stderr);
