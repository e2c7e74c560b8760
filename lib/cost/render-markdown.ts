import { renderBarChart } from './render-bar-chart.js';
import type { CostReport } from './types.js';

const TOP_TYPES = 25;
const CHART_BARS = 10;

/** Formats dollars: cents for ordinary amounts, two significant digits below a cent. */
export const formatUsd = (value: number): string =>
  value >= 0.01 || value === 0
    ? `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
    : `$${value.toPrecision(2)}`;
const formatCount = (n: number): string => n.toLocaleString('en-US');
const formatShare = (share: number): string => `${(share * 100).toFixed(1)}%`;
/**
 * Text from the logs (event sources and names, account ids, regions), written inline: a renderer
 * shows it as the text it is, never as HTML (`<script>`, `<img onerror>`) or a Markdown link or code
 * span: whoever writes a JSON-lines or Firehose file that `trailwatch cost` reads chooses them.
 */
const inline = (text: string): string =>
  text
    .replace(/[\\`[\]]/g, '\\$&')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/\r?\n|\r/g, ' ');
/**
 * JSON for a fenced code block: the same value, with `<`, `>`, `&` and the backtick as \u escapes,
 * so no name from the logs can close the fence (a run of backticks) or read as markup to a
 * renderer that does not honour the fence. Still JSON that parses to the same selector.
 */
const fencedJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&`]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** {@link inline} text in a table cell or heading: its `|` too. */
const cell = (text: string): string => inline(text).replaceAll('|', '\\|');
const shortSource = (source: string): string => source.replace(/\.amazonaws\.com$/, '');

/**
 * The report as Markdown: totals, an inline SVG bar chart of the costliest event types (by
 * count when nothing costs anything, e.g. a first copy of management events only), the event
 * type table, the advice and the prices used.
 */
export const renderCostMarkdown = (report: CostReport): string => {
  const byCost = report.totalCostUsd > 0;
  const top = report.byEventType.slice(0, CHART_BARS);
  const chart = renderBarChart(
    byCost
      ? `Top event types by estimated cost (${report.period})`
      : `Top event types by events (${report.period}; nothing billed)`,
    top.map((t) => ({
      label: `${shortSource(t.eventSource)} ${t.eventName}`,
      value: byCost ? t.costUsd : t.count,
      text: byCost ? formatUsd(t.costUsd) : formatCount(t.count),
    }))
  );
  const categories = report.byCategory
    .map((c) => `${c.eventCategory} ${formatCount(c.count)} (${formatUsd(c.costUsd)})`)
    .join(', ');
  const lines = [
    `# CloudTrail cost: ${report.period}`,
    '',
    `**${formatUsd(report.totalCostUsd)}** estimated for **${formatCount(report.events)}** events in ${formatCount(report.files)} files from ${formatCount(report.accounts)} account(s).`,
    '',
    `- By category: ${categories || 'none'}`,
    `- Management events on first copies: ${formatCount(report.copies.first)}; on additional copies: ${formatCount(report.copies.additional)}`,
    `- CloudTrail Insights (both types) on these management events would analyse ${formatCount(report.insightsEstimate.analysedEvents)} events: ${formatUsd(report.insightsEstimate.costUsd)}`,
    '',
    chart,
    '',
    '## Event types by cost',
    '',
    '| # | event type | category | events | share | est. cost |',
    '|---:|---|---|---:|---:|---:|',
    ...report.byEventType
      .slice(0, TOP_TYPES)
      .map(
        (t, i) =>
          `| ${i + 1} | ${cell(`${t.eventSource} ${t.eventName}`)} | ${t.eventCategory} | ${formatCount(t.count)} | ${formatShare(t.share)} | ${formatUsd(t.costUsd)} |`
      ),
  ];
  if (report.byEventType.length > TOP_TYPES)
    lines.push('', `…and ${report.byEventType.length - TOP_TYPES} more event types (JSON and CSV list all).`);
  lines.push('', '## Advice', '');
  if (report.advice.length === 0) lines.push('Nothing to save that the rules can see.');
  else {
    lines.push('Savings overlap (the same events can be in several items): do not add them up.', '');
    for (const a of report.advice) {
      lines.push(`### ${cell(a.title)}: saves ${formatUsd(a.savingsUsd)}`, '', inline(a.detail), '');
      if (a.selector) lines.push('```json', fencedJson(a.selector), '```', '');
      if (a.top.length > 0)
        lines.push(
          `Most of it in: ${a.top.map((t) => `${inline(`${t.account} ${t.region}`)} (${formatUsd(t.savingsUsd)})`).join(', ')}`,
          ''
        );
    }
  }
  const p = report.prices;
  lines.push(
    '## Prices used (USD)',
    '',
    `Management events: first copy ${formatUsd(p.managementFirstCopyPer100k)}, additional copies ${formatUsd(p.managementAdditionalCopyPer100k)} per 100k; ` +
      `data ${formatUsd(p.dataPer100k)} per 100k; network activity ${formatUsd(p.networkActivityPer100k)} per 100k; ` +
      `Insights ${formatUsd(p.insightsManagementPer100k)} per 100k analysed per type; Lake ingestion ${formatUsd(p.lakeIngestionPerGb)}/GB.`,
    ''
  );
  return `${lines.join('\n')}\n`;
};
