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
 */
export const stderrLog = (level: 'debug' | 'info' | 'warn' | 'error' = 'warn'): Log => {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const min = order.indexOf(level);
  const write =
    (lvl: (typeof order)[number]) =>
    (message: string, ...extra: unknown[]) => {
      if (order.indexOf(lvl) < min) return;
      const fields = extra.map((e) => (e instanceof Error ? { error: { name: e.name, message: e.message } } : e));
      process.stderr.write(`${JSON.stringify(Object.assign({ level: lvl, message }, ...fields))}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
};
