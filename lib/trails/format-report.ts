import { SEVERITIES } from '../model/alert.js';
import type { AuditReport, TrailFinding } from '../model/trails.js';

export const REPORT_FORMATS = ['table', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A finding with its keys in the documented order: id, severity, trail, title, evidence, remediation, monthlyCostUsd. */
const ordered = (f: TrailFinding) => ({
  id: f.id,
  severity: f.severity,
  trail: f.trail,
  title: f.title,
  evidence: f.evidence,
  remediation: f.remediation,
  monthlyCostUsd: f.monthlyCostUsd,
  status: f.status,
  resource: f.resource,
  controls: f.controls,
});

const yesNo = (value: boolean | null): string => (value === null ? '?' : value ? 'yes' : 'no');
const money = (usd: number | null): string => (usd === null ? '-' : `$${usd.toFixed(2)}`);

const tally = (findings: readonly TrailFinding[]): string => {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s && f.status === 'fail').length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const notEvaluated = findings.filter((f) => f.status === 'not-evaluated').length;
  return `${counts.join(', ') || 'none failed'}${notEvaluated > 0 ? `; ${notEvaluated} not evaluated` : ''}`;
};

const columns = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  );
};

const trailRows = (report: AuditReport): string[][] => [
  ['NAME', 'HOME', 'MULTI-REGION', 'ORG', 'LOGGING', 'VALIDATION', 'KMS', 'BUCKET'],
  ...report.trails.map((t) => [
    t.name,
    t.homeRegion,
    yesNo(t.multiRegion),
    yesNo(t.organization),
    yesNo(t.logging),
    yesNo(t.logFileValidation),
    yesNo(t.kmsKeyId !== null),
    t.bucket ?? '-',
  ]),
];

const table = (report: AuditReport): string => {
  const lines = [
    `Trails (${report.trails.length}) in account ${report.accountId ?? 'unknown'}, ${report.regions.length} region(s), at ${report.takenAt}`,
    ...columns(trailRows(report)).map((l) => `  ${l}`),
    '',
    `Findings (${report.findings.length}): ${tally(report.findings)}`,
  ];
  for (const f of report.findings) {
    lines.push(
      `  ${f.severity.padEnd(8)}  ${f.id}  ${f.status === 'not-evaluated' ? '(not evaluated)  ' : ''}${f.resource}`
    );
    lines.push(`            ${f.title}${f.monthlyCostUsd !== null ? `  [${money(f.monthlyCostUsd)}/month]` : ''}`);
    lines.push(`            fix: ${f.remediation}`);
  }
  return `${lines.join('\n')}\n`;
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const markdown = (report: AuditReport): string => {
  const lines = [
    '# CloudTrail audit',
    '',
    `Account ${report.accountId ?? 'unknown'}, ${report.regions.length} region(s), taken at ${report.takenAt}.`,
    '',
    '## Trails',
    '',
    `| ${trailRows(report)[0]?.join(' | ')} |`,
    `|${trailRows(report)[0]
      ?.map(() => '---')
      .join('|')}|`,
    ...trailRows(report)
      .slice(1)
      .map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    `## Findings: ${tally(report.findings)}`,
    '',
    '| severity | check | resource | title | $/month | controls | remediation |',
    '|---|---|---|---|---|---|---|',
    ...report.findings.map(
      (f) =>
        `| ${f.severity} | \`${f.id}\`${f.status === 'not-evaluated' ? ' (not evaluated)' : ''} | ${cell(f.resource)} | ${cell(f.title)} | ${money(
          f.monthlyCostUsd
        )} | ${f.controls.join(', ')} | \`${cell(f.remediation)}\` |`
    ),
  ];
  return `${lines.join('\n')}\n`;
};

/**
 * Renders a report for people (table, Markdown) or programs (JSON: `{"trails": […], "findings":
 * [{"id", "severity", "trail", "title", "evidence", "remediation", "monthlyCostUsd", …}]}` plus the
 * snapshot time, account, regions and copy labels).
 * @param report - the audit report
 * @param format - `table`, `json` or `md`
 * @returns the text to print, ending in a newline
 */
export const formatReport = (report: AuditReport, format: ReportFormat): string => {
  if (format === 'json') {
    return `${JSON.stringify(
      {
        takenAt: report.takenAt,
        accountId: report.accountId,
        regions: report.regions,
        trails: report.trails,
        copies: report.copies,
        findings: report.findings.map(ordered),
      },
      null,
      2
    )}\n`;
  }
  return format === 'md' ? markdown(report) : table(report);
};
