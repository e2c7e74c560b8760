import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { auditTrails } from '../../lib/trails/audit-trails.js';
import { auditTriggerOf } from '../../lib/sources/audit-trigger.js';
import { changedFindings, findingAlerts, findingKey } from '../../lib/trails/finding-alerts.js';
import { ACCOUNT, BUCKET, goodSnapshot, MAIN_ARN } from './snapshots.js';

const withoutValidation = () => {
  const s = goodSnapshot();
  for (const o of Object.values(s.describeTrails)) {
    if (o.status === 'ok')
      o.value.trailList = (o.value.trailList ?? []).map((t) => ({ ...t, LogFileValidationEnabled: false }));
  }
  return s;
};

describe('changedFindings', () => {
  it('treats every failed finding as new on the first run', () => {
    // Prepare
    const report = auditTrails(withoutValidation());
    // Act
    const changes = changedFindings(report, undefined);
    // Assess
    expect(changes.map((c) => [c.finding.id, c.change])).toEqual([
      ['log-file-validation-off', 'new'],
      ['security-trail-missing', 'new'],
    ]);
  });

  it('reports nothing when the findings are the same as last time', () => {
    // Prepare
    const report = auditTrails(withoutValidation());
    // Act
    const changes = changedFindings(report, structuredClone(report));
    // Assess
    expect(changes).toEqual([]);
  });

  it('reports a finding whose severity or title changed, with its previous state', () => {
    // Prepare
    const previous = auditTrails(withoutValidation());
    const current = structuredClone(previous);
    const finding = current.findings[0];
    if (finding) finding.severity = 'high';
    // Act
    const changes = changedFindings(current, previous);
    // Assess
    expect(changes).toEqual([
      expect.objectContaining({ change: 'changed', previous: expect.objectContaining({ severity: 'medium' }) }),
    ]);
  });

  it('does not alert not-evaluated findings', () => {
    // Prepare
    const s = goodSnapshot();
    const bucket = s.buckets[BUCKET];
    if (bucket) bucket.logging = { status: 'denied', code: 'AccessDenied', message: 'Access Denied' };
    const report = auditTrails(s);
    // Act
    const changes = changedFindings(report, undefined);
    // Assess
    expect(report.findings).toHaveLength(1);
    expect(changes).toEqual([]);
  });
});

describe('findingAlerts', () => {
  it('makes configuration alerts whose ids repeat for the same state', () => {
    // Prepare
    const report = auditTrails(withoutValidation());
    const changes = changedFindings(report, undefined);
    // Act
    const first = findingAlerts(changes, report);
    const again = findingAlerts(changedFindings(structuredClone(report), undefined), report);
    // Assess
    expect(first.find((a) => a.ruleId === 'log-file-validation-off')).toEqual(
      expect.objectContaining({
        category: 'configuration',
        ruleId: 'log-file-validation-off',
        severity: 'medium',
        account: ACCOUNT,
        region: 'us-east-1',
        resources: [MAIN_ARN],
        tags: ['trailwatch.trails', 'CloudTrail.4', 'prowler:cloudtrail_log_file_validation_enabled'],
        firstSeen: report.takenAt,
        details: expect.objectContaining({
          change: 'new',
          remediation: expect.stringContaining('--enable-log-file-validation'),
        }),
      })
    );
    expect(new Set(first.map((a) => a.id)).size).toBe(first.length);
    expect(again.map((a) => a.id)).toEqual(first.map((a) => a.id));
  });

  it('gives a changed finding a new id and keeps when it was first seen', () => {
    // Prepare
    const report = auditTrails(withoutValidation());
    const changed = structuredClone(report);
    const finding = changed.findings[0];
    if (finding) finding.severity = 'high';
    const key = findingKey(report.findings[0] as (typeof report.findings)[number]);
    // Act
    const [before] = findingAlerts(changedFindings(report, undefined), report);
    const [after] = findingAlerts(changedFindings(changed, report), changed, { [key]: '2026-01-01T00:00:00.000Z' });
    // Assess
    expect(after?.id).not.toBe(before?.id);
    expect(after?.firstSeen).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('auditTriggerOf', () => {
  it.each([
    ['events/audit-schedule.json', { kind: 'schedule' }],
    [
      'events/audit-trail-change.json',
      { kind: 'change', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', region: 'us-east-1' },
    ],
  ])('names the trigger of %s', async (path, expected) => {
    // Prepare
    const event = JSON.parse(await readFile(path, 'utf8'));
    // Act
    const trigger = auditTriggerOf(event);
    // Assess
    expect(trigger).toEqual(expected);
  });

  it('calls an invoke that is no EventBridge event a manual run', () => {
    // Act
    const trigger = auditTriggerOf({});
    // Assess
    expect(trigger).toEqual({ kind: 'manual' });
  });

  it.each([
    ['events/audit-trail-change.json', 'my.app'],
    ['events/audit-trail-change.json', 'trailwatch'],
    ['events/audit-schedule.json', 'my.app'],
    ['events/audit-schedule.json', undefined],
  ])('refuses %s with source %s as ForgedEventError', async (path, source) => {
    // Prepare
    const event = { ...JSON.parse(await readFile(path, 'utf8')), source };
    // Act
    const naming = () => auditTriggerOf(event);
    // Assess
    expect(naming).toThrow(expect.objectContaining({ name: 'ForgedEventError', source }));
  });
});
