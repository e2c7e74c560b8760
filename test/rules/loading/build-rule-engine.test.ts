import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../lib/model/log.js';
import { buildRuleEngine } from '../../../lib/rules/loading/build-rule-engine.js';
import { compiledBuiltinRules } from '../../../lib/rules/loading/load-rule-set.js';
import { record } from '../helpers.js';

const folder = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

const GOOD_RULE =
  'id: prod-trail-stopped\ntitle: Production trail stopped\nseverity: critical\neventSource: cloudtrail.amazonaws.com\neventName: StopLogging\n';
const BAD_RULE = 'id: bad-rule\ntitle: Bad\nseverity: low\nmatch:\n  field: sourceIPAddress\n  cidr: 300.0.0.0/8\n';
const AT = new Date('2026-01-02T05:00:00Z');
const stopLogging = record({
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/prod-management' },
});

describe('buildRuleEngine', () => {
  it('skips an invalid rule file, keeps the built-in and other rules running, and reports the file as a finding', () => {
    // Prepare
    const dir = folder({ 'good/prod-trail-stopped.yml': GOOD_RULE, 'bad.yml': BAD_RULE });
    // Act
    const { engine, findings } = buildRuleEngine({ dirs: [dir] }, silentLog, () => AT);
    // Assess
    expect(engine.rules.map((r) => r.meta.id)).toEqual([
      ...compiledBuiltinRules().map((r) => r.meta.id),
      'prod-trail-stopped',
    ]);
    expect(engine.evaluateRecord(stopLogging).map((a) => a.ruleId)).toEqual(
      expect.arrayContaining(['cloudtrail-logging-stopped', 'prod-trail-stopped'])
    );
    expect(findings).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        category: 'configuration',
        ruleId: 'rule-file-invalid',
        title: 'Rule file skipped: invalid',
        description: expect.stringContaining(`${dir}/bad.yml:6: '300.0.0.0/8' is not a CIDR block`),
        severity: 'high',
        tags: ['trailwatch.rules'],
        count: 1,
        firstSeen: '2026-01-02T05:00:00.000Z',
        lastSeen: '2026-01-02T05:00:00.000Z',
        eventIds: [],
        details: {
          file: `${dir}/bad.yml`,
          line: 6,
          reason: "'300.0.0.0/8' is not a CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)",
        },
      },
    ]);
  });

  it('gives the same finding id at every cold start and a new one when the problem changes', () => {
    // Prepare
    const dir = folder({ 'bad.yml': BAD_RULE });
    const first = buildRuleEngine({ dirs: [dir] }, silentLog, () => AT).findings;
    // Act
    const again = buildRuleEngine({ dirs: [dir] }, silentLog, () => new Date('2026-01-03T00:00:00Z')).findings;
    writeFileSync(join(dir, 'bad.yml'), BAD_RULE.replace('300.0.0.0/8', '10.0.0.0/33'));
    const changed = buildRuleEngine({ dirs: [dir] }, silentLog, () => AT).findings;
    // Assess
    expect(again.map((f) => f.id)).toEqual(first.map((f) => f.id));
    expect(changed.map((f) => f.id)).not.toEqual(first.map((f) => f.id));
  });

  it('leaves out a user rule that reuses a built-in id and keeps the built-in one', () => {
    // Prepare
    const dir = folder({ 'mine.yml': GOOD_RULE.replace('prod-trail-stopped', 'cloudtrail-logging-stopped') });
    // Act
    const { engine, findings } = buildRuleEngine({ dirs: [dir] }, silentLog, () => AT);
    // Assess
    expect(engine.rules.filter((r) => r.meta.id === 'cloudtrail-logging-stopped').map((r) => r.meta.form)).toEqual([
      'typescript',
    ]);
    expect(findings.map((f) => [f.ruleId, f.details?.line, f.details?.reason])).toEqual([
      ['rule-file-invalid', 1, expect.stringMatching(/^duplicate rule id 'cloudtrail-logging-stopped' \(also in /)],
    ]);
  });

  it('reports a folder that does not exist and a refused Sigma rule, and still runs the built-in rules', () => {
    // Prepare
    const dir = folder({
      'correlation.yml': 'title: Burst\ncorrelation:\n  type: value_sum\n  rules: [x]\n  timespan: 5m\n',
    });
    // Act
    const { engine, findings } = buildRuleEngine({ dirs: [dir, join(dir, 'missing')] }, silentLog, () => AT);
    // Assess
    expect(findings.map((f) => [f.ruleId, f.severity, f.description])).toEqual([
      ['rule-file-invalid', 'high', expect.stringContaining(`${dir}/missing: no such file or folder.`)],
      [
        'rule-file-refused',
        'low',
        expect.stringContaining(
          'correlation.yml:3: type value_sum comes with Sigma correlation specification v2.1.0; trailwatch implements v2.0.2.'
        ),
      ],
    ]);
    expect(engine.rules).toHaveLength(compiledBuiltinRules().length);
  });

  it('hands the watched buckets and queues to the engine', () => {
    // Act
    const { engine } = buildRuleEngine(
      { context: { watchedBuckets: ['example-trail-bucket'], watchedQueues: [], watchedEventRules: [] } },
      silentLog
    );
    // Assess
    const alerts = engine.evaluateRecord(
      record({
        eventSource: 's3.amazonaws.com',
        eventName: 'DeleteBucket',
        requestParameters: { bucketName: 'example-trail-bucket', Host: 'example-trail-bucket.s3.amazonaws.com' },
      })
    );
    expect(alerts.find((a) => a.ruleId === 'trailwatch-trigger-tampered')?.severity).toBe('critical');
  });
});
