import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from './model/log.js';

/**
 * The one structured logger of trailwatch. Level and service name come from
 * `POWERTOOLS_LOG_LEVEL` / `POWERTOOLS_SERVICE_NAME`; the event itself is never logged
 * because CloudTrail content is sensitive.
 */
export const logger = new Logger({ serviceName: 'trailwatch' });

/**
 * A logger for the CLI: one JSON line per message on stderr, so stdout stays clean for
 * the command's own output.
 * @param level - the least severe level written
 * @param write - where the lines go (the CLI passes its stderr; default `process.stderr`)
 */
export const stderrLog = (
  level: 'debug' | 'info' | 'warn' | 'error' = 'warn',
  write: (line: string) => void = (line) => process.stderr.write(line)
): Log => {
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
