import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleSetLoadError } from '../../../lib/rules/errors.js';
import { loadRuleSettings } from '../../../lib/config/rules.js';
import { loadRuleSet } from '../../../lib/rules/loading/load-rule-set.js';
import { builtinRules } from '../../../lib/rules/pack/index.js';
import { sharedPath } from '../helpers.js';

const folder = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

const YAML_RULE =
  'id: prod-bucket-policy\ntitle: Prod bucket policy changed\nseverity: high\neventSource: s3.amazonaws.com\neventName: PutBucketPolicy\nmatch:\n  field: requestParameters.bucketName\n  prefix: prod-\n';

describe('loadRuleSet', () => {
  it('adds YAML rules, Sigma rules and suppressions from extra folders to the built-in pack', () => {
    // Prepare
    const dir = folder({
      'custom/prod-bucket-policy.yml': YAML_RULE,
      'custom/allow.yaml':
        "suppressions:\n  - id: ci\n    reason: CI\n    principal: 'arn:aws:sts::*:assumed-role/ci/*'\n",
      'notes.md': '# not a rule',
    });
    // Act
    const set = loadRuleSet({ dirs: [dir, sharedPath('sigma')] });
    // Assess
    const forms: Record<string, number> = {};
    for (const r of set.rules) forms[r.meta.form] = (forms[r.meta.form] ?? 0) + 1;
    // A rule with a pattern and a match is a TypeScript rule (its pattern a first test).
    const patterns = builtinRules.filter((b) => b.rule.pattern !== undefined && b.rule.match === undefined).length;
    expect(forms).toEqual({ typescript: builtinRules.length - patterns, pattern: patterns, sigma: 56, yaml: 1 });
    expect(patterns).toBe(24);
    expect([set.suppressions.map((s) => s.id), set.refused.length]).toEqual([['ci'], 1]);
  });

  it('disables rules by id, glob and Sigma UUID and reports entries that named nothing', () => {
    // Act
    const set = loadRuleSet({
      dirs: [sharedPath('sigma')],
      disabled: ['iam-user-created', 'cis-*', '4db60cc0-36fb-42b7-9b58-a5b53019fb74', 'no-such-rule'],
    });
    // Assess
    const ids = set.rules.map((r) => r.meta.id);
    expect(ids).not.toContain('iam-user-created');
    expect(ids.filter((id) => id.startsWith('cis-'))).toEqual([]);
    expect(ids).not.toContain('sigma-aws-cloudtrail-disable-logging');
    expect(set.unknownDisabled).toEqual(['no-such-rule']);
  });

  it('reports every invalid file with its line, and duplicate ids, in one error', () => {
    // Prepare
    const dir = folder({
      'a.yml': 'id: a\ntitle: A\nseverity: loud\neventName: X\n',
      'b.yml': 'id: b\ntitle: B\nseverity: low\nmatch:\n  field: userAgent\n  regex: "(?<=a)"\n',
      'c.yml': YAML_RULE,
      'd.yml': YAML_RULE,
      'e.yml': 'just: a mapping\n',
    });
    // Act
    let error: unknown;
    try {
      loadRuleSet({ dirs: [dir], builtin: false });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(RuleSetLoadError);
    const messages = (error as RuleSetLoadError).errors.map((e) => e.message.replace(`${dir}/`, ''));
    expect(messages).toEqual([
      'a.yml:3: severity must be one of info, low, medium, high, critical, got "loud"',
      expect.stringMatching(/^b\.yml:6: invalid regex "\(\?<=a\)"/),
      'e.yml:1: not a trailwatch rule (id, title, severity, match|pattern), a Sigma rule (logsource, detection) or a suppressions list',
      expect.stringMatching(/^d\.yml:1: duplicate rule id 'prod-bucket-policy' \(also in .*c\.yml:1\)$/),
    ]);
  });

  it('fails on a rule folder that does not exist', () => {
    expect(() => loadRuleSet({ dirs: ['no/such/folder'] })).toThrow('no/such/folder: no such file or folder');
  });

  it('reads folders, disabled ids and the watched buckets and queues from the environment', () => {
    // Act
    const options = loadRuleSettings({
      TRAILWATCH_RULES_DIRS: 'rules/custom, /opt/rules ,',
      TRAILWATCH_DISABLED_RULES: 'iam-user-created,sigma-*',
      TRAIL_BUCKET: 'org-trail',
      TRAIL_BUCKETS: 'org-trail, legacy-trail',
      INGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/trailwatch-prod-IngestQueue-4Hf7Kq2pLx9R',
      DIGEST_QUEUE_URL: '',
      TRAILWATCH_EVENT_RULES: 'trailwatch-prod-*, arn:aws:events:us-east-1:111122223333:rule/audit',
    });
    // Assess
    expect(options).toEqual({
      dirs: [resolve('rules/custom'), '/opt/rules'],
      disabled: ['iam-user-created', 'sigma-*'],
      context: {
        watchedBuckets: ['org-trail', 'legacy-trail'],
        watchedQueues: ['https://sqs.us-east-1.amazonaws.com/111122223333/trailwatch-prod-IngestQueue-4Hf7Kq2pLx9R'],
        watchedEventRules: ['trailwatch-prod-*', 'arn:aws:events:us-east-1:111122223333:rule/audit'],
      },
    });
  });

  it('leaves the watched lists empty when the environment names none', () => {
    // Act
    const options = loadRuleSettings({});
    // Assess
    expect(options.context).toEqual({ watchedBuckets: [], watchedQueues: [], watchedEventRules: [] });
  });
});
