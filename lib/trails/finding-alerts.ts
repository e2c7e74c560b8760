import { createHash } from 'node:crypto';
import type { Alert } from '../model/alert.js';
import { parseTrailArn } from './trail-facts.js';
import type { AuditReport, TrailFinding } from '../model/trails.js';

/** Identifies a finding across runs: the same check on the same resource. */
export const findingKey = (f: Pick<TrailFinding, 'id' | 'resource'>): string => `${f.id} ${f.resource}`;

/** What makes a finding "changed": its severity, title (which carries counts) or status. */
const stateOf = (f: TrailFinding): string => `${f.severity}|${f.status}|${f.title}`;

/** A finding that is new since the previous report, or whose state changed. */
export type FindingChange = {
  finding: TrailFinding;
  change: 'new' | 'changed';
  previous?: Pick<TrailFinding, 'severity' | 'status' | 'title'>;
};

/**
 * The failed findings that are new or changed since the previous report. Not-evaluated findings
 * stay in the report and are not alerted (a missing permission is not a trail problem).
 * @param current - this run's report
 * @param previous - the last report, or undefined on the first run (every finding is new)
 * @returns the changes, in the report's order
 */
export const changedFindings = (current: AuditReport, previous: AuditReport | undefined): FindingChange[] => {
  const before = new Map((previous?.findings ?? []).map((f) => [findingKey(f), f]));
  const changes: FindingChange[] = [];
  for (const finding of current.findings) {
    if (finding.status !== 'fail') continue;
    const old = before.get(findingKey(finding));
    if (!old) changes.push({ finding, change: 'new' });
    else if (stateOf(old) !== stateOf(finding)) {
      changes.push({
        finding,
        change: 'changed',
        previous: { severity: old.severity, status: old.status, title: old.title },
      });
    }
  }
  return changes;
};

/**
 * Turns finding changes into configuration alerts. The alert id hashes the check, resource and
 * state, so a retried run sends the same id and a changed finding a new one.
 * @param changes - from changedFindings
 * @param report - the report they come from (time, account)
 * @param firstSeen - when each finding (by findingKey) was first reported
 * @returns one alert per change, category `configuration`
 */
export const findingAlerts = (
  changes: readonly FindingChange[],
  report: AuditReport,
  firstSeen: Readonly<Record<string, string>> = {}
): Alert[] =>
  changes.map(({ finding, change, previous }) => {
    const hash = createHash('sha256')
      .update(`${findingKey(finding)}|${stateOf(finding)}`)
      .digest('hex')
      .slice(0, 24);
    const trail = finding.trail ? parseTrailArn(finding.trail) : undefined;
    const bucket = finding.resource.startsWith('s3://') ? finding.resource.slice(5) : undefined;
    return {
      id: `trails-${finding.id}-${hash}`,
      category: 'configuration',
      ruleId: finding.id,
      title: finding.title,
      description: `fix: ${finding.remediation}`,
      severity: finding.severity,
      tags: ['trailwatch.trails', ...finding.controls],
      ...((trail?.accountId ?? report.accountId) && { account: trail?.accountId ?? (report.accountId as string) }),
      ...(trail && { region: trail.region }),
      resources: [...(finding.trail ? [finding.trail] : []), ...(bucket ? [`arn:aws:s3:::${bucket}`] : [])],
      count: 1,
      firstSeen: firstSeen[findingKey(finding)] ?? report.takenAt,
      lastSeen: report.takenAt,
      eventIds: [],
      details: {
        change,
        ...(previous && { previous }),
        resource: finding.resource,
        evidence: finding.evidence,
        remediation: finding.remediation,
        monthlyCostUsd: finding.monthlyCostUsd,
        controls: finding.controls,
      },
    };
  });
