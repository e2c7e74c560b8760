import { formatUsd } from './render-markdown.js';
import type { CostReport } from './types.js';

/** SNS subjects are limited to 100 characters. */
const SUBJECT_LIMIT = 100;

/**
 * A short plain-text summary of a cost report for SNS or chat: total, the five costliest event
 * types and the three largest savings.
 * @returns subject (≤ 100 characters, as SNS requires) and message
 */
export const costSummaryMessage = (report: CostReport): { subject: string; message: string } => {
  const subject =
    `trailwatch cost ${report.period}: ${formatUsd(report.totalCostUsd)} for ${report.events.toLocaleString('en-US')} events`.slice(
      0,
      SUBJECT_LIMIT
    );
  const lines = [
    `CloudTrail cost estimate for ${report.period}: ${formatUsd(report.totalCostUsd)} (${report.events.toLocaleString('en-US')} events, ${report.accounts} accounts).`,
    '',
    'Costliest event types:',
    ...report.byEventType
      .slice(0, 5)
      .map(
        (t) =>
          `  ${formatUsd(t.costUsd).padStart(10)}  ${t.eventSource} ${t.eventName} (${t.eventCategory}, ${t.count.toLocaleString('en-US')})`
      ),
  ];
  if (report.advice.length > 0) {
    lines.push(
      '',
      'Could save:',
      ...report.advice.slice(0, 3).map((a) => `  ${formatUsd(a.savingsUsd).padStart(10)}  ${a.title}`)
    );
  }
  return { subject, message: `${lines.join('\n')}\n` };
};

/**
 * Publishes the summary through a caller's `publish` (an SNS topic, a chat webhook); the
 * alerts area owns the SNS client, so this takes only the callback.
 * @throws whatever `publish` throws, so a failed notification fails the run
 */
export const publishCostSummary = async (
  report: CostReport,
  publish: (subject: string, message: string) => Promise<void>
): Promise<void> => {
  const { subject, message } = costSummaryMessage(report);
  await publish(subject, message);
};
