import type { CostReport } from './types.js';

/**
 * What a spreadsheet reads as the start of a formula (`=`, `+`, `-`, `@`) or may strip before
 * reading one (tab, carriage return), after OWASP's CSV injection advice:
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 cell. Text cells come from the logs (an eventName is whatever the caller sent), so
 * one that starts like a formula gets a leading `'` and a spreadsheet shows it as text. Numbers
 * are written as they are: a negative amount stays a number.
 */
const field = (value: string | number): string => {
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The report's event types as CSV (RFC 4180), one line per type sorted by cost, for
 * spreadsheets and Athena. Totals and advice are in the JSON and Markdown forms. Text cells that
 * start with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'` (CSV injection).
 */
export const renderCostCsv = (report: CostReport): string => {
  const header = [
    'eventCategory',
    'eventSource',
    'eventName',
    'count',
    'share',
    'costUsd',
    'deliveryCostUsd',
    'insightsCostUsd',
  ];
  const lines = report.byEventType.map((t) =>
    [t.eventCategory, t.eventSource, t.eventName, t.count, t.share, t.costUsd, t.deliveryCostUsd, t.insightsCostUsd]
      .map(field)
      .join(',')
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
};
