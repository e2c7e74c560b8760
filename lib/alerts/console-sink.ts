import type { Alert, AlertSink } from '../model/alert.js';

/** How the console sink writes an alert: a JSON line (machine-readable) or one line of text. */
export type ConsoleFormat = 'jsonl' | 'text';

/**
 * One human-readable line per alert, for terminals and the demo:
 * `[HIGH] cloudtrail-logging-stopped: CloudTrail logging stopped — StopLogging by arn:… in 111122223333/us-east-1 (1 event, id 2f43…)`.
 */
export const alertLine = (alert: Alert): string => {
  const who = alert.principal ? ` by ${alert.principal}` : '';
  const where =
    alert.account || alert.region ? ` in ${alert.accountName ?? alert.account ?? '?'}/${alert.region ?? '?'}` : '';
  const what = alert.eventName ? ` — ${alert.eventName}${who}${where}` : `${who}${where}`;
  return `[${alert.severity.toUpperCase()}] ${alert.ruleId}: ${alert.title}${what} (${alert.count} event${alert.count === 1 ? '' : 's'}, id ${alert.id})`;
};

/**
 * Writes each alert to the console: the sink for local runs and `sls invoke local`.
 * @param write - where lines go (stdout by default)
 * @param format - `jsonl` (default) or `text`
 */
export const consoleSink = (
  write: (line: string) => void = (line) => process.stdout.write(line),
  format: ConsoleFormat = 'jsonl'
): AlertSink => ({
  send: async (alerts: readonly Alert[]) => {
    for (const alert of alerts) write(`${format === 'text' ? alertLine(alert) : JSON.stringify(alert)}\n`);
  },
});
