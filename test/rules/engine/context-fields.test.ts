import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import { openIpEnricher } from '../../../lib/context/index.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { compileDefinition } from '../../../lib/rules/engine/compile-rule.js';
import { RecordAccess } from '../../../lib/rules/engine/record-access.js';
import { RuleEngine } from '../../../lib/rules/engine/rule-engine.js';
import { loadSigmaRule } from '../../../lib/rules/languages/sigma/sigma-rule.js';
import { parseYamlFile } from '../../../lib/rules/languages/yaml/yaml-file.js';
import { sourceIpContext } from '../../../lib/rules/pack/helpers.js';
import type { CompiledRule } from '../../../lib/rules/types.js';
import { IP_DATA_DIR } from '../../helpers/ip-data.js';
import { record, yamlRule } from '../helpers.js';

/** Google Public DNS (https://developers.google.com/speed/public-dns/docs/using): AS15169, US. */
const GOOGLE = '8.8.8.8';
/** An address of AWS's published ranges (https://ip-ranges.amazonaws.com/ip-ranges.json): AS16509. */
const AWS = '52.94.76.1';

const sigma = (detection: string): CompiledRule => {
  const doc = parseYamlFile(
    'context.yml',
    `title: Context\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${detection
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\nlevel: high\n`
  )[0] as ReturnType<typeof parseYamlFile>[number];
  const loaded = loadSigmaRule(doc);
  if (!loaded.rule) throw new Error(loaded.refusal.reason);
  return loaded.rule;
};

const RULES: ReadonlyArray<readonly [string, CompiledRule]> = [
  [
    'YAML',
    yamlRule(
      'id: yaml-context\ntitle: t\nseverity: low\nmatch:\n  all:\n    - field: context.sourceIPAddress.asn\n      equals: 15169\n    - field: context.sourceIPAddress.aws\n      equals: false\n'
    ),
  ],
  [
    'YAML pattern',
    yamlRule(
      'id: pattern-context\ntitle: t\nseverity: low\npattern: \'{ ($.context.sourceIPAddress.country = "US") && ($.context.sourceIPAddress.org = "Google*") }\'\n'
    ),
  ],
  [
    'Sigma',
    sigma(
      "selection:\n  context.sourceIPAddress.asn: 15169\n  context.sourceIPAddress.kind: public\n  context.sourceIPAddress.org|startswith: 'Google'\ncondition: selection"
    ),
  ],
  [
    'TypeScript',
    compileDefinition({
      id: 'ts-context',
      title: 't',
      description: 'd',
      severity: 'low',
      tags: [],
      references: [],
      match: (r) => sourceIpContext(r)?.asn === 15169 && sourceIpContext(r)?.aws === false,
    }),
  ],
];

describe('rules reading context.sourceIPAddress', () => {
  it.each(RULES)('%s rules match on the looked-up fields, and not on another owner’s address', (_name, rule) => {
    const engine = new RuleEngine([rule], { enricher: openIpEnricher(IP_DATA_DIR) });

    const google = engine.evaluateRecord(record({ sourceIPAddress: GOOGLE }));
    const aws = engine.evaluateRecord(record({ sourceIPAddress: AWS }));

    expect(google.map((a) => a.ruleId)).toEqual([rule.meta.id]);
    expect(google[0]?.context).toEqual({
      sourceIPAddress: { kind: 'public', asn: 15169, org: 'Google LLC', country: 'US', aws: false },
    });
    expect(aws).toEqual([]);
  });

  it.each(RULES)('%s rules see no context without the databases', (_name, rule) => {
    const engine = new RuleEngine([rule]);

    expect(engine.evaluateRecord(record({ sourceIPAddress: GOOGLE }))).toEqual([]);
  });

  it('decides context tests once without the databases: rules that need the context are never evaluated, the others match as before', () => {
    // Prepare: one rule needs the context; the other matches when it is absent
    const needs = RULES[1]?.[1] as CompiledRule;
    const absent = yamlRule(
      'id: no-context\ntitle: t\nseverity: low\npattern: \'{ ($.context.sourceIPAddress.kind NOT EXISTS) && ($.sourceIPAddress = "8.8.*") }\'\n'
    );
    const engine = new RuleEngine([needs, absent]);
    // Act
    const google = engine.evaluateEvent(record({ sourceIPAddress: GOOGLE }));
    const aws = engine.evaluateEvent(record({ sourceIPAddress: AWS }));
    // Assess
    expect(google.alerts.map((a) => a.ruleId)).toEqual(['no-context']);
    expect(aws.alerts).toEqual([]);
    expect([google.stats.rulesEvaluated, aws.stats.rulesEvaluated]).toEqual([1, 1]);
  });

  it('looks an address up once per record however many rules read it, and never for records no rule reads it in', () => {
    const enricher = openIpEnricher(IP_DATA_DIR, { cacheSize: 0 });
    const engine = new RuleEngine(
      RULES.map(([, r]) => r),
      { enricher }
    );
    const access = new RecordAccess(enricher);

    access.reset(viewOf(record({ sourceIPAddress: GOOGLE })));
    const reads = [access.path(['context', 'sourceIPAddress', 'asn']), access.field('context'), access.lazy().context];
    const lookupsAfterOneRecord = enricher.stats.lookups;
    access.reset(viewOf(record({ sourceIPAddress: AWS })));
    const lookupsUnread = enricher.stats.lookups;
    engine.evaluateRecord(record({ sourceIPAddress: GOOGLE }));

    expect(reads[0]).toBe(15169);
    expect(lookupsAfterOneRecord).toBe(1);
    expect(lookupsUnread).toBe(1);
    // One for the four rules of the record, one for each of their four alerts' samples.
    expect(enricher.stats.lookups).toBe(1 + 1 + 4);
  });

  it('gives records from the same address one frozen context, and another address its own', () => {
    // Prepare
    const access = new RecordAccess(openIpEnricher(IP_DATA_DIR));
    const contextOf = (sourceIPAddress: string) => {
      access.reset(viewOf(record({ sourceIPAddress })));
      return access.context();
    };
    // Act
    const [first, again, other] = [contextOf(GOOGLE), contextOf(GOOGLE), contextOf(AWS)];
    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect([first?.sourceIPAddress?.asn, other?.sourceIPAddress?.asn]).toEqual([15169, 16509]);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('keeps the virtual field once a rule has parsed the whole record', () => {
    const access = new RecordAccess(openIpEnricher(IP_DATA_DIR));
    access.reset(viewOf(record({ sourceIPAddress: GOOGLE })));

    access.record();

    expect(access.parsed).toBe(true);
    expect(sourceIpContext(access.lazy())?.asn).toBe(15169);
    expect(Object.keys(access.lazy())).toContain('context');
  });

  it('counts records whose sourceIPAddress is no address, and still evaluates them', () => {
    const rule = yamlRule(
      'id: invalid-ip\ntitle: t\nseverity: low\nmatch:\n  field: context.sourceIPAddress.kind\n  equals: invalid\n'
    );
    const engine = new RuleEngine([rule], { enricher: openIpEnricher(IP_DATA_DIR) });
    const bad: CloudTrailRecord = record({ sourceIPAddress: 'not-an-address' });

    const result = engine.evaluateEvent(bad);
    const missing = engine.evaluateEvent(record({ sourceIPAddress: undefined }));

    expect(result.alerts.map((a) => a.context)).toEqual([{ sourceIPAddress: { kind: 'invalid' } }]);
    expect(result.stats.invalidSourceIPAddress).toBe(1);
    expect(result.stats.ruleErrors).toBe(0);
    expect(missing.alerts).toEqual([]);
    expect(missing.stats.invalidSourceIPAddress).toBeUndefined();
  });
});
