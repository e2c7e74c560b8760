import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLogStream } from '../../../../lib/cloudtrail/read-records.js';
import { RuleEngine } from '../../../../lib/rules/engine/rule-engine.js';
import { loadRuleFolder } from '../../../../lib/rules/loading/load-rule-folder.js';
import { record } from '../../helpers.js';

const ref = {
  bucket: 'trail-bucket',
  key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_EXAMPLEEXAMPLE01.json.gz',
};

/** A Sigma rule on CreateAccessKey under the given logsource lines. */
const accessKeyRule = (logsource: string) => `title: Access key created
id: 6c1a0a9e-5d0f-4c39-9d5c-1f4a1d2f0b11
status: test
author: trailwatch tests
logsource:
${logsource}
detection:
    selection:
        eventSource: iam.amazonaws.com
        eventName: CreateAccessKey
    condition: selection
level: medium
`;

const folderWith = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-logsource-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

const createAccessKey = record(
  {
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    requestParameters: { userName: 'example-new-user' },
  },
  'create-access-key'
);

describe('Sigma log sources', () => {
  it('loads a rule of product aws, service iam and alerts on a CreateAccessKey record', async () => {
    // Prepare
    const loaded = loadRuleFolder(
      folderWith({ 'iam_access_key.yml': accessKeyRule('    product: aws\n    service: iam') })
    );
    const detector = new RuleEngine(loaded.rules).detector(ref);
    // Act
    await readLogStream(Readable.from([Buffer.from(JSON.stringify({ Records: [createAccessKey] }))]), ref, {
      onRecord: (v) => detector.onRecord(v),
    });
    const alerts = detector.finish();
    // Assess
    expect([loaded.refused, loaded.errors]).toEqual([[], []]);
    expect(alerts.map((a) => [a.ruleId, a.eventIds])).toEqual([['sigma-iam-access-key', [createAccessKey.eventID]]]);
  });

  it.each([
    ['service ec2', '    product: aws\n    service: ec2'],
    ['service s3', '    product: aws\n    service: s3'],
    ['no service', '    product: aws'],
    ['a category', '    product: aws\n    category: cloud'],
    ['service cloudtrail without a product', '    service: cloudtrail'],
  ])('loads a rule whose logsource names %s', (_name, logsource) => {
    // Act
    const loaded = loadRuleFolder(folderWith({ 'rule.yml': accessKeyRule(logsource) }));
    // Assess
    expect([loaded.rules.map((r) => r.meta.id), loaded.refused]).toEqual([['sigma-rule'], []]);
  });

  it('refuses a modifier outside the specification with its file and line, and loads the other files', () => {
    // Prepare
    const bad = accessKeyRule('    product: aws\n    service: iam').replace(
      'eventName: CreateAccessKey',
      'eventName|wildcard: CreateAccess*'
    );
    const dir = folderWith({ 'a_bad.yml': bad, 'b_good.yml': accessKeyRule('    product: aws') });
    // Act
    const loaded = loadRuleFolder(dir);
    // Assess
    expect(loaded.rules.map((r) => r.meta.id)).toEqual(['sigma-b-good']);
    expect(loaded.refused).toEqual([
      {
        file: join(dir, 'a_bad.yml'),
        line: 11,
        reason: expect.stringMatching(/^modifier \|wildcard is not in the Sigma specification/),
      },
    ]);
  });

  it('refuses a rule of another product as never matching', () => {
    // Prepare
    const dir = folderWith({ 'gcp.yml': accessKeyRule('    product: gcp\n    service: gcp.audit') });
    // Act
    const loaded = loadRuleFolder(dir);
    // Assess
    expect(loaded.refused).toEqual([
      {
        file: join(dir, 'gcp.yml'),
        line: 6,
        reason: "never matches: logsource product 'gcp' is not aws; trailwatch reads AWS CloudTrail records",
      },
    ]);
  });

  it('hands a correlation document to the rule set to resolve, refusing nothing', () => {
    // Prepare
    const dir = folderWith({
      'corr.yml':
        'title: Many keys\ncorrelation:\n    type: event_count\n    rules: [x]\n    group-by: [userIdentity.arn]\n    timespan: 1h\n    condition: { gte: 10 }\n',
    });
    // Act
    const loaded = loadRuleFolder(dir);
    // Assess
    expect(loaded.refused).toEqual([]);
    expect(loaded.correlations).toHaveLength(1);
  });
});
