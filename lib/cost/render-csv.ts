import type { CostReport } from './types.js';

const field = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The report's event types as CSV (RFC 4180), one line per type sorted by cost, for
 * spreadsheets and Athena. Totals and advice are in the JSON and Markdown forms.
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
