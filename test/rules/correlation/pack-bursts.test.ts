import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { buildCaseRecords } from '../../../lib/rules/cases/case-records.js';
import { loadCasesFile } from '../../../lib/rules/cases/run-cases.js';
import { compileDefinition } from '../../../lib/rules/engine/compile-rule.js';
import { RuleLoadError } from '../../../lib/rules/errors.js';
import { builtinRules } from '../../../lib/rules/pack/index.js';
import { correlator } from '../../helpers/correlation-records.js';

/** The records of a rule's case, as its cases file writes them (repeats expanded). */
const caseRecords = (ruleId: string, caseName: string): CloudTrailRecord[] => {
  const entry = builtinRules.find((b) => b.rule.id === ruleId);
  if (!entry) throw new Error(`no rule ${ruleId}`);
  const c = loadCasesFile(entry.path.replace(/\.ts$/, '.cases.json')).find((x) => x.name === caseName);
  if (!c) throw new Error(`no case '${caseName}' for ${ruleId}`);
  return buildCaseRecords(ruleId, c) as CloudTrailRecord[];
};

/** Feeds the records to a fresh correlator in `parts` files, then retries the first; what the rule fired in each. */
const splitOverFiles = async (ruleId: string, records: CloudTrailRecord[], parts = 3) => {
  const c = correlator([], { builtin: true });
  const size = Math.ceil(records.length / parts);
  const files = Array.from({ length: parts }, (_, i) => records.slice(i * size, (i + 1) * size));
  const fired: number[] = [];
  for (const [i, file] of files.entries()) {
    const out = await c.file(`part-${i}.json.gz`, file);
    fired.push([...out.fired, ...out.own].filter((a) => a.ruleId === ruleId).length);
  }
  const retry = await c.file('part-0.json.gz', files[0] ?? []);
  return { fired, retried: retry.fired.filter((a) => a.ruleId === ruleId).length };
};

/** The counting rules of the pack: a burst that fires, and a near miss that does not. */
const FAMILIES: ReadonlyArray<{ ruleId: string; burst: string; nearMiss: string }> = [
  {
    ruleId: 's3-objects-read-in-bulk',
    burst: 'leaked key copies fifty objects with aws s3 cp --recursive',
    nearMiss: 'forty-nine objects: one short',
  },
  {
    ruleId: 'discovery-burst',
    burst: 'leaked key sweeps fifteen APIs across services with the CLI',
    nearMiss: 'fourteen APIs: one short, each called twice',
  },
  {
    ruleId: 'ssm-command-fan-out',
    burst: 'IAM user loops a script over ten instances with the CLI',
    nearMiss: 'nine instances: one short',
  },
  {
    ruleId: 'secretsmanager-many-distinct-secrets-read',
    burst: 'leaked key reads ten different secrets with the CLI',
    nearMiss: 'nine different secrets: one short',
  },
  {
    ruleId: 'ec2-mass-instance-stop',
    burst: 'IAM user stops ten instances one by one with the CLI',
    nearMiss: 'nine stops: one short',
  },
  {
    ruleId: 's3-buckets-listed-in-bulk',
    burst: 'leaked key lists ten buckets with aws s3 ls',
    nearMiss: 'nine buckets: one short',
  },
  {
    ruleId: 'iam-groups-enumerated',
    burst: 'leaked key reads five groups and their policies with the CLI',
    nearMiss: 'four groups: one short',
  },
  {
    ruleId: 'ec2-network-topology-enumerated',
    burst: 'leaked key maps the network with the CLI',
    nearMiss: 'five kinds of network call: one short',
  },
  {
    ruleId: 'console-login-password-spray',
    burst: 'one browser tries five users in ten minutes',
    nearMiss: 'four users fail from one office address',
  },
  {
    ruleId: 'cloudtrail-event-history-searched',
    burst: 'leaked key searches the event history thirty times with the CLI',
    nearMiss: 'twenty-nine searches: one short',
  },
];

describe('counting rules of the pack across files', () => {
  it.each(FAMILIES)('$ruleId fires a burst split over three files once, and not again on a retry', async (f) => {
    // Act
    const { fired, retried } = await splitOverFiles(f.ruleId, caseRecords(f.ruleId, f.burst));
    // Assess
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect(fired.slice(0, -1)).toEqual(fired.slice(0, -1).map(() => 0));
    expect(retried).toBe(0);
  });

  it.each(FAMILIES)('$ruleId stays silent on a near miss split over three files', async (f) => {
    // Act
    const { fired } = await splitOverFiles(f.ruleId, caseRecords(f.ruleId, f.nearMiss));
    // Assess
    expect(fired).toEqual([0, 0, 0]);
  });

  it('counts a value seen in two files once: one secret read in every file never fires', async () => {
    // Prepare: the same secret read 30 times, spread over three files
    const records = caseRecords(
      'secretsmanager-many-distinct-secrets-read',
      'an application reads its two secrets over and over'
    );
    // Act
    const { fired } = await splitOverFiles('secretsmanager-many-distinct-secrets-read', records);
    // Assess
    expect(fired).toEqual([0, 0, 0]);
  });
});

describe('threshold.distinct', () => {
  it('is refused at load unless it is a field path or a list of them', () => {
    // Prepare
    const rule = {
      id: 'bad-distinct',
      title: 'Bad distinct',
      description: 'A threshold counting distinct values of nothing.',
      severity: 'low' as const,
      tags: ['attack.discovery', 'attack.t1580'],
      references: ['https://example.com/'],
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['DescribeInstances'],
      threshold: { count: 5, window: '10m', distinct: [] as string[] },
    };
    // Act, Assess
    expect(() => compileDefinition(rule, 'bad-distinct.ts')).toThrow(RuleLoadError);
    expect(() => compileDefinition(rule, 'bad-distinct.ts')).toThrow(/threshold\.distinct must be a field path/);
    expect(
      compileDefinition({ ...rule, threshold: { ...rule.threshold, distinct: 'eventName' } }, 'ok.ts').threshold
    ).toMatchObject({ count: 5, distinct: { paths: ['eventName'] } });
  });
});
