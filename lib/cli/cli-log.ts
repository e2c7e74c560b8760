import type { Log } from '../model/log.js';
import type { CliIo } from './parse-command.js';

/**
 * One JSON line per message, of `level` and above. Here, not beside the Powertools logger
 * (lib/logger.ts): a CLI run then loads no Powertools module.
 * @param level - the least severe level written
 * @param write - where the lines go (the CLI's stderr)
 */
const stderrLog = (level: 'debug' | 'info' | 'warn' | 'error', write: (line: string) => void): Log => {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const min = order.indexOf(level);
  const at =
    (lvl: (typeof order)[number]) =>
    (message: string, ...extra: unknown[]) => {
      if (order.indexOf(lvl) < min) return;
      const fields = extra.map((e) => (e instanceof Error ? { error: { name: e.name, message: e.message } } : e));
      write(`${JSON.stringify(Object.assign({ level: lvl, message }, ...fields))}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};

/**
 * The one logger of a CLI run: JSON lines on the CLI's stderr, never stdout (which carries the
 * command's data only). Every core function and adapter the CLI calls gets this logger, so
 * none of them falls back to the Lambda functions' Powertools logger, which writes to stdout.
 * @param io - the CLI's streams
 * @param verbose - `--verbose`: also log each file (info); otherwise warnings and errors only
 * @returns the logger
 */
export const cliLog = (io: CliIo, verbose = false): Log => stderrLog(cliLogLevel(verbose), io.stderr);

/**
 * The least severe level {@link cliLog} writes: info with `--verbose`, else warn.
 * @param verbose - `--verbose`
 */
export const cliLogLevel = (verbose = false): 'info' | 'warn' => (verbose ? 'info' : 'warn');
