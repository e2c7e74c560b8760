import type { Alert, AlertSink } from './types.js';

/**
 * Writes each alert as one JSON line: the sink for local runs and `sls invoke local`.
 * @param write - where lines go (stdout by default)
 */
export const consoleSink = (write: (line: string) => void = (line) => process.stdout.write(line)): AlertSink => ({
  send: async (alerts: readonly Alert[]) => {
    for (const alert of alerts) write(`${JSON.stringify(alert)}\n`);
  },
});
