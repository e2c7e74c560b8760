import { describe, expect, it } from 'vitest';
import { RuleEngine } from '../../../../lib/rules/engine/rule-engine.js';
import { holds, record, yamlRule } from '../../helpers.js';

const rule = (match: string) =>
  yamlRule(`id: test-rule
title: Test rule
severity: low
match:
${match
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
`);

describe('YAML rules', () => {
  it.each([
    ['equals', 'field: eventName\nequals: StopLogging', { eventName: 'StopLogging' }, true],
    ['equals is case-sensitive', 'field: eventName\nequals: stoplogging', { eventName: 'StopLogging' }, false],
    [
      'equals with ignoreCase',
      'field: eventName\nequals: stoplogging\nignoreCase: true',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'equals a boolean',
      'field: requestParameters.enable\nequals: false',
      { requestParameters: { enable: false } },
      true,
    ],
    [
      'equals a quoted boolean is text',
      "field: requestParameters.enable\nequals: 'false'",
      { requestParameters: { enable: false } },
      false,
    ],
    [
      'equals a number matches its numeric string',
      'field: requestParameters.port\nequals: 22',
      { requestParameters: { port: '22' } },
      true,
    ],
    ['in', 'field: eventName\nin: [DeleteTrail, StopLogging]', { eventName: 'StopLogging' }, true],
    ['prefix', 'field: userAgent\nprefix: aws-cli/', {}, true],
    [
      'suffix over list',
      'field: errorCode\nsuffix: [UnauthorizedOperation, Denied]',
      { errorCode: 'AccessDenied' },
      true,
    ],
    ['contains', 'field: userAgent\ncontains: python', {}, true],
    [
      'contains over array elements',
      'field: requestParameters.layers\ncontains: evil-layer',
      { requestParameters: { layers: ['arn:aws:lambda:us-east-1:444455556666:layer:evil-layer:1'] } },
      true,
    ],
    [
      'regex (search)',
      "field: userIdentity.arn\nregex: ':user/(bob|eve)$'",
      { userIdentity: { arn: 'arn:aws:iam::111122223333:user/eve' } },
      true,
    ],
    ['cidr', 'field: sourceIPAddress\ncidr: [198.51.100.0/24, 2001:db8::/32]', {}, true],
    ['cidr v6', 'field: sourceIPAddress\ncidr: 2001:db8::/32', { sourceIPAddress: '2001:db8::1' }, true],
    [
      'cidr on a service name',
      'field: sourceIPAddress\ncidr: 0.0.0.0/0',
      { sourceIPAddress: 'cloudformation.amazonaws.com' },
      false,
    ],
    ['exists true', 'field: errorCode\nexists: true', { errorCode: 'AccessDenied' }, true],
    ['exists false', 'field: errorCode\nexists: false', {}, true],
    [
      'gt',
      'field: requestParameters.durationSeconds\ngt: 43200',
      { requestParameters: { durationSeconds: 129600 } },
      true,
    ],
    [
      'lte fails',
      'field: requestParameters.durationSeconds\nlte: 3600',
      { requestParameters: { durationSeconds: 129600 } },
      false,
    ],
    [
      'apiName ignores the Lambda suffix',
      'field: eventName\napiName: UpdateFunctionCode',
      { eventName: 'UpdateFunctionCode20150331v2' },
      true,
    ],
    ['a missing field fails a test', 'field: requestParameters.userName\nprefix: a', {}, false],
    [
      'all',
      'all:\n  - { field: eventName, equals: StopLogging }\n  - { field: errorCode, exists: false }',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'any',
      'any:\n  - { field: eventName, equals: A }\n  - { field: eventName, equals: StopLogging }',
      { eventName: 'StopLogging' },
      true,
    ],
    ['not', 'not: { field: userIdentity.type, equals: AssumedRole }', {}, true],
  ])('%s', (_name, match, fields, expected) => {
    // Act
    const result = holds(rule(match).condition, record(fields));
    // Assess
    expect(result).toBe(expected);
  });

  it('reads `quiet:`, the rule’s own quiet period for incidents, and refuses one that is no duration', () => {
    // Prepare
    const text = 'id: q\ntitle: Q\nseverity: low\neventSource: s3.amazonaws.com\neventName: ListBuckets\n';
    // Act
    const engine = new RuleEngine([yamlRule(`${text}quiet: 6h\n`)]);
    // Assess
    expect(engine.quietMs('q')).toBe(6 * 3600_000);
    expect(() => yamlRule(`${text}quiet: soon\n`)).toThrow(/quiet "soon" is not a duration/);
  });

  it('matches Lambda event names by API name through the rule-level eventName', () => {
    // Prepare
    const compiled = yamlRule(
      'id: code-updated\ntitle: Code updated\nseverity: low\neventSource: lambda.amazonaws.com\neventName: UpdateFunctionCode\n'
    );
    const engine = new RuleEngine([compiled]);
    // Act
    const alerts = engine.evaluateRecord(
      record({ eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionCode20150331v2' })
    );
    // Assess
    expect(alerts.map((a) => [a.ruleId, a.eventName])).toEqual([['code-updated', 'UpdateFunctionCode20150331v2']]);
  });

  it('runs a user regex in linear time (RE2), so a catastrophic pattern cannot hang', () => {
    // Prepare
    const compiled = rule("field: userAgent\nregex: '^(a+)+$'");
    // Act
    const result = holds(compiled.condition, record({ userAgent: `${'a'.repeat(50_000)}!` }));
    // Assess
    expect(result).toBe(false);
  });

  it('runs a CloudWatch filter pattern given as pattern:', () => {
    // Prepare
    const compiled = yamlRule(
      'id: failed-console\ntitle: x\nseverity: low\npattern: \'{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }\'\n'
    );
    // Act
    const result = holds(
      compiled.condition,
      record({ eventName: 'ConsoleLogin', errorMessage: 'Failed authentication' })
    );
    // Assess
    expect([compiled.meta.form, result]).toEqual(['pattern', true]);
  });

  it.each([
    [
      'an unknown operator',
      'id: r\ntitle: t\nseverity: low\nmatch:\n  field: eventName\n  startsWith: A\n',
      "rule.yml:6: unknown key 'startsWith'",
    ],
    [
      'two operators',
      'id: r\ntitle: t\nseverity: low\nmatch:\n  field: eventName\n  equals: A\n  prefix: B\n',
      "rule.yml:5: field test on 'eventName' has 2 operators",
    ],
    [
      'a backreference',
      "id: r\ntitle: t\nseverity: low\nmatch:\n  field: eventName\n  regex: '(a)\\1'\n",
      'rule.yml:6: invalid regex',
    ],
    [
      'a bad CIDR',
      'id: r\ntitle: t\nseverity: low\nmatch:\n  field: sourceIPAddress\n  cidr: 10.0.0.0/33\n',
      "rule.yml:6: '10.0.0.0/33' is not a CIDR block",
    ],
    [
      'a bad severity',
      'id: r\ntitle: t\nseverity: urgent\neventName: A\n',
      'rule.yml:3: severity must be one of info, low, medium, high, critical',
    ],
    [
      'an unknown top-level key',
      'id: r\ntitle: t\nseverity: low\neventname: A\n',
      "rule.yml:4: unknown key 'eventname'",
    ],
    ['a non-kebab id', 'id: My_Rule\ntitle: t\nseverity: low\neventName: A\n', 'rule.yml:1: id must be kebab-case'],
    [
      'a rule matching everything',
      'id: r\ntitle: t\nseverity: low\n',
      'rule.yml:1: a rule needs match, pattern, eventSource or eventName',
    ],
    [
      'a bad threshold',
      'id: r\ntitle: t\nseverity: low\neventName: A\nthreshold: { count: 0 }\n',
      'rule.yml:5: threshold.count must be a positive integer',
    ],
    [
      'a bad pattern',
      "id: r\ntitle: t\nseverity: low\npattern: '{ $.a = }'\n",
      'rule.yml:4: invalid filter pattern: expected a value',
    ],
    ['broken YAML', 'id: r\ntitle: [t\nseverity: low\n', 'rule.yml:'],
    [
      'a field no CloudTrail record has (a typo that would never match)',
      'id: r\ntitle: t\nseverity: low\nmatch:\n  all:\n    - { field: errorCode, exists: false }\n    - { field: requestParameter.name, regex: x }\n',
      "rule.yml:7: 'requestParameter.name' is not a CloudTrail field (did you mean 'requestParameters'?)",
    ],
    [
      'a field under not, where it would always hold',
      'id: r\ntitle: t\nseverity: low\nmatch:\n  not: { field: ErrorCode, exists: true }\n',
      "rule.yml:5: 'ErrorCode' is not a CloudTrail field (did you mean 'errorCode'?)",
    ],
    [
      'a filter pattern selector no CloudTrail record has',
      "id: r\ntitle: t\nseverity: low\npattern: '{ ($.eventName = ConsoleLogin) && ($.errorMesage = x) }'\n",
      "rule.yml:4: '$.errorMesage' is not a CloudTrail field (did you mean 'errorMessage'?)",
    ],
  ])('fails at load with file, line and reason on %s', (_name, text, message) => {
    // Act
    const loading = () => yamlRule(text);
    // Assess
    expect(loading).toThrow(message);
  });
});
