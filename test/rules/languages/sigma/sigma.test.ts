import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFolder } from '../../../../lib/rules/loading/load-rule-folder.js';
import { loadSigmaRule } from '../../../../lib/rules/languages/sigma/sigma-rule.js';
import type { CompiledRule } from '../../../../lib/rules/types.js';
import { parseYamlFile } from '../../../../lib/rules/languages/yaml/yaml-file.js';
import { holds, record, sharedPath } from '../../helpers.js';

const sigma = (detection: string, extra = '') =>
  loadSigmaRule(
    parseYamlFile(
      'test.yml',
      `title: Test
logsource:
  product: aws
  service: cloudtrail
${extra}detection:
${detection
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
level: high
`
    )[0] as ReturnType<typeof parseYamlFile>[number]
  );

const compiled = (detection: string): CompiledRule => {
  const result = sigma(detection);
  if (!result.rule) throw new Error(`refused: ${result.refusal.reason}`);
  return result.rule;
};

describe('Sigma rules of the SigmaHQ CloudTrail set', () => {
  const folder = sharedPath('sigma');
  const loaded = loadRuleFolder(folder);

  it('loads every file or refuses it with a reason', () => {
    // Prepare
    const files = readdirSync(folder).filter((f) => f.endsWith('.yml'));
    // Act
    const accounted = [...loaded.rules.map((r) => r.meta.file), ...loaded.refused.map((r) => r.file)]
      .map((f) => basename(f))
      .sort();
    // Assess
    expect([files.length, loaded.errors.map((e) => e.message)]).toEqual([57, []]);
    expect(accounted).toEqual(files.sort());
  });

  it('refuses only the rule on a field CloudTrail does not have, labelled as never matching, at the field', () => {
    // Act
    const refused = loaded.refused.map((r) => [basename(r.file), r.line, r.reason]);
    // Assess
    expect(refused).toEqual([
      ['aws_delete_saml_provider.yml', 26, "never matches: field 'status' is not a CloudTrail field"],
    ]);
  });

  it('warns where a value names a field but is compared as text', () => {
    // Act
    const warned = loaded.rules.filter((r) => r.meta.warnings.length > 0).map((r) => r.meta.id);
    // Assess
    expect(warned).toEqual(['sigma-aws-iam-backdoor-users-keys']);
  });

  const byFile = (name: string) => loaded.rules.find((r) => basename(r.meta.file) === name) as CompiledRule;

  it.each([
    ['aws_cloudtrail_disable_logging.yml', { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }, true],
    [
      'aws_cloudtrail_disable_logging.yml',
      { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging' },
      false,
    ],
    ['aws_root_account_usage.yml', { userIdentity: { type: 'Root' }, eventType: 'AwsApiCall' }, true],
    ['aws_root_account_usage.yml', { userIdentity: { type: 'Root' }, eventType: 'AwsServiceEvent' }, false],
    ['aws_enum_buckets.yml', { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' }, true],
    [
      'aws_enum_buckets.yml',
      { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', userIdentity: { type: 'AssumedRole' } },
      false,
    ],
    [
      'aws_disable_bucket_versioning.yml',
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketVersioning',
        requestParameters: { VersioningConfiguration: { Status: 'Suspended' } },
      },
      true,
    ],
    ['aws_cloudtrail_bucket_deleted.yml', { eventName: 'DeleteBucket' }, true],
    ['aws_cloudtrail_bucket_deleted.yml', { eventName: 'DeleteBucket', errorCode: 'BucketNotEmpty' }, false],
    [
      'aws_ec2_vm_export_failure.yml',
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateInstanceExportTask',
        responseElements: { exportTask: { state: 'active' } },
      },
      true,
    ],
    [
      'aws_ec2_vm_export_failure.yml',
      { eventSource: 'ec2.amazonaws.com', eventName: 'CreateInstanceExportTask', errorCode: 'InvalidParameter' },
      false,
    ],
    [
      'aws_cloudtrail_console_login_success_without_mfa.yml',
      {
        eventName: 'ConsoleLogin',
        additionalEventData: { MFAUsed: 'No' },
        responseElements: { ConsoleLogin: 'Success' },
      },
      true,
    ],
    [
      'aws_cloudtrail_imds_malicious_usage.yml',
      {
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0123456789abcdef0' },
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
      },
      true,
    ],
    [
      'aws_cloudtrail_imds_malicious_usage.yml',
      {
        userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0123456789abcdef0' },
        eventSource: 'ssm.amazonaws.com',
        eventName: 'UpdateInstanceInformation',
      },
      false,
    ],
    [
      'aws_new_lambda_layer_attached.yml',
      {
        eventSource: 'lambda.amazonaws.com',
        eventName: 'UpdateFunctionConfiguration20150331v2',
        requestParameters: { layers: ['arn:aws:lambda:us-east-1:444455556666:layer:x:1'] },
      },
      true,
    ],
    [
      'aws_new_lambda_layer_attached.yml',
      {
        eventSource: 'lambda.amazonaws.com',
        eventName: 'UpdateFunctionConfiguration20150331v2',
        requestParameters: { memorySize: 512 },
      },
      false,
    ],
    [
      'aws_update_login_profile.yml',
      { eventSource: 'iam.amazonaws.com', eventName: 'UpdateLoginProfile', requestParameters: { userName: 'bob' } },
      true,
    ],
    [
      'aws_update_login_profile.yml',
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateLoginProfile',
        userIdentity: { arn: 'bob' },
        requestParameters: { userName: 'bob' },
      },
      false,
    ],
    [
      'aws_ecs_task_definition_cred_endpoint_query.yml',
      {
        eventSource: 'ecs.amazonaws.com',
        eventName: 'RegisterTaskDefinition',
        requestParameters: {
          containerDefinitions: [
            { name: 'a', command: ['sh', '-c', 'curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] },
          ],
        },
      },
      true,
    ],
  ])('%s on a constructed event (%#)', (file, fields, expected) => {
    // Act
    const result = holds(byFile(file).condition, record(fields));
    // Assess
    expect(result).toBe(expected);
  });
});

describe('Sigma semantics', () => {
  it.each([
    [
      'strings compare case-insensitively',
      'selection:\n  eventName: stoplogging\ncondition: selection',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      '|cased compares exactly',
      'selection:\n  eventName|cased: stoplogging\ncondition: selection',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      '* and ? wildcards',
      "selection:\n  eventName: 'Stop?ogg*'\ncondition: selection",
      { eventName: 'StopLogging' },
      true,
    ],
    ['escaped * is literal', "selection:\n  userAgent: 'a\\*b'\ncondition: selection", { userAgent: 'a*b' }, true],
    ['escaped * does not glob', "selection:\n  userAgent: 'a\\*b'\ncondition: selection", { userAgent: 'axxb' }, false],
    ['|contains', 'selection:\n  userAgent|contains: PYTHON\ncondition: selection', {}, true],
    ['|startswith', 'selection:\n  userAgent|startswith: aws-cli\ncondition: selection', {}, true],
    ['|endswith', 'selection:\n  userIdentity.arn|endswith: /example-user\ncondition: selection', {}, true],
    [
      'value list is OR',
      'selection:\n  eventName: [A, B, StopLogging]\ncondition: selection',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      '|contains|all needs every value',
      'selection:\n  userAgent|contains|all: [aws-cli, nodejs]\ncondition: selection',
      {},
      false,
    ],
    [
      '|contains|all with every value',
      'selection:\n  userAgent|contains|all: [aws-cli, python]\ncondition: selection',
      {},
      true,
    ],
    [
      '|re is case-sensitive',
      "selection:\n  eventName|re: '^stop'\ncondition: selection",
      { eventName: 'StopLogging' },
      false,
    ],
    ['|re|i', "selection:\n  eventName|re|i: '^stop'\ncondition: selection", { eventName: 'StopLogging' }, true],
    ['|cidr', 'selection:\n  sourceIPAddress|cidr: 198.51.100.0/24\ncondition: selection', {}, true],
    ['null means absent', 'selection:\n  errorCode: null\ncondition: selection', {}, true],
    [
      'null fails on a present field',
      'selection:\n  errorCode: null\ncondition: selection',
      { errorCode: 'AccessDenied' },
      false,
    ],
    ['|exists', 'selection:\n  errorCode|exists: false\ncondition: selection', {}, true],
    [
      '|gt',
      'selection:\n  requestParameters.pendingWindowInDays|lt: 10\ncondition: selection',
      { requestParameters: { pendingWindowInDays: 7 } },
      true,
    ],
    [
      '|fieldref',
      'selection:\n  userIdentity.userName|fieldref: requestParameters.userName\ncondition: selection',
      { requestParameters: { userName: 'example-user' } },
      true,
    ],
    [
      'nested field path',
      'selection:\n  userIdentity.sessionContext.sessionIssuer.type: Role\ncondition: selection',
      { userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } } },
      true,
    ],
    [
      'a map value is searched by its scalars',
      'selection:\n  requestParameters|contains: suspended\ncondition: selection',
      { requestParameters: { VersioningConfiguration: { Status: 'Suspended' } } },
      true,
    ],
    [
      'a list of maps is OR',
      'selection:\n  - eventName: A\n  - eventName: StopLogging\ncondition: selection',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'keywords search every field',
      "keywords:\n  - '*Pacu*'\n  - kali\ncondition: keywords",
      { userAgent: 'Boto3/1.34 distrib/kali' },
      true,
    ],
    ['keywords miss', 'keywords:\n  - pacu\ncondition: keywords', {}, false],
    [
      '1 of selection_*',
      'selection_a:\n  eventName: A\nselection_b:\n  eventName: StopLogging\ncondition: 1 of selection_*',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'all of selection_*',
      'selection_a:\n  eventName: StopLogging\nselection_b:\n  errorCode: AccessDenied\ncondition: all of selection_*',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      'all of them',
      'sel:\n  eventName: StopLogging\nfilter:\n  errorCode: null\ncondition: all of them',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      '1 of them skips _-names',
      'sel:\n  eventName: A\n_helper:\n  eventName: StopLogging\ncondition: 1 of them',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      'not',
      'sel:\n  eventName: StopLogging\nfilter:\n  userIdentity.type: IAMUser\ncondition: sel and not filter',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      'parentheses',
      'a:\n  eventName: X\nb:\n  eventName: StopLogging\nc:\n  errorCode: null\ncondition: (a or b) and c',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'and binds tighter than or',
      'a:\n  eventName: X\nb:\n  eventName: StopLogging\nc:\n  errorCode: AccessDenied\ncondition: a or b and c',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      'condition list is OR',
      'a:\n  eventName: X\nb:\n  eventName: StopLogging\ncondition:\n  - a\n  - b',
      { eventName: 'StopLogging' },
      true,
    ],
    [
      'numbers compare numerically',
      'sel:\n  requestParameters.ruleNumber: 100\ncondition: sel',
      { requestParameters: { ruleNumber: '100' } },
      true,
    ],
    [
      'booleans compare with their text',
      "sel:\n  requestParameters.enable: 'false'\ncondition: sel",
      { requestParameters: { enable: false } },
      true,
    ],
    [
      '|base64offset|contains finds the text inside longer base64',
      "sel:\n  requestParameters.userData|base64offset|contains: 'curl http'\ncondition: sel",
      { requestParameters: { userData: 'IyEvYmluL2Jhc2gKY3VybCBodHRwOi8vMTk4LjUxLjEwMC43L3gK' } },
      true,
    ],
    [
      '|base64offset|contains misses other text',
      "sel:\n  requestParameters.userData|base64offset|contains: 'wget http'\ncondition: sel",
      { requestParameters: { userData: 'IyEvYmluL2Jhc2gKY3VybCBodHRwOi8vMTk4LjUxLjEwMC43L3gK' } },
      false,
    ],
    [
      '|base64 compares the encoded value, case-sensitively',
      "sel:\n  requestParameters.userData|base64: 'xcurl http'\ncondition: sel",
      { requestParameters: { userData: 'eGN1cmwgaHR0cA==' } },
      true,
    ],
    [
      '|base64 does not fold the case of the encoding',
      "sel:\n  requestParameters.userData|base64: 'xcurl http'\ncondition: sel",
      { requestParameters: { userData: 'EGN1CMWGAHR0CA==' } },
      false,
    ],
    [
      '|wide|base64offset|contains finds UTF-16 text',
      "sel:\n  requestParameters.userData|wide|base64offset|contains: 'aws s3 cp'\ncondition: sel",
      { requestParameters: { userData: 'cABvAHcAZQByAHMAaABlAGwAbAAgAGEAdwBzACAAcwAzACAAYwBwACAAeAA=' } },
      true,
    ],
    [
      '|windash matches a slash where the rule has a dash',
      "sel:\n  requestParameters.command|windash|contains: ' -enc '\ncondition: sel",
      { requestParameters: { command: 'powershell /enc AAAA' } },
      true,
    ],
    [
      '|neq holds on another value',
      'sel:\n  userIdentity.type|neq: Root\ncondition: sel',
      { userIdentity: { type: 'IAMUser' } },
      true,
    ],
    [
      '|neq fails on the value',
      'sel:\n  userIdentity.type|neq: [AssumedRole, Root]\ncondition: sel',
      { userIdentity: { type: 'Root' } },
      false,
    ],
    ['|neq fails on an absent field', 'sel:\n  errorCode|neq: AccessDenied\ncondition: sel', {}, false],
    [
      '|hour reads the hour of eventTime in UTC',
      'sel:\n  eventTime|hour|gte: 22\ncondition: sel',
      { eventTime: '2026-01-02T23:04:05Z' },
      true,
    ],
    [
      '|week reads the ISO week',
      'sel:\n  eventTime|week: 1\ncondition: sel',
      { eventTime: '2026-01-02T03:04:05Z' },
      true,
    ],
    [
      "a '|all' keyword map needs every keyword",
      "keywords:\n  '|all': [kali, Boto3]\ncondition: keywords",
      { userAgent: 'Boto3/1.34 distrib/kali' },
      true,
    ],
    [
      "a '|all' keyword map misses when one keyword is absent",
      "keywords:\n  '|all': [kali, parrot]\ncondition: keywords",
      { userAgent: 'Boto3/1.34 distrib/kali' },
      false,
    ],
  ])('%s', (_name, detection, fields, expected) => {
    // Act
    const result = holds(compiled(detection).condition, record(fields));
    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    [
      'a modifier outside the specification',
      'sel:\n  userAgent|wildcard: x\ncondition: sel',
      /modifier \|wildcard is not in the Sigma specification/,
    ],
    [
      '|all on a single value',
      'sel:\n  userAgent|contains|all: x\ncondition: sel',
      /\|all needs a list of two or more/,
    ],
    ['|expand placeholders', "sel:\n  userAgent|expand: '%Admins%'\ncondition: sel", /\|expand placeholders/],
    [
      '|utf16le without base64',
      'sel:\n  userAgent|utf16le|contains: x\ncondition: sel',
      /must be followed by \|base64/,
    ],
    ['|base64 on a wildcard', "sel:\n  userAgent|base64: 'a*'\ncondition: sel", /cannot encode a value with wildcards/],
    ['two match kinds', 'sel:\n  userAgent|contains|endswith: x\ncondition: sel', /exclude each other/],
    ['|i without |re', 'sel:\n  userAgent|i: x\ncondition: sel', /apply to \|re only/],
    ['a keyword map with another modifier', "sel:\n  '|contains': x\ncondition: sel", /takes only \|all/],
    [
      'an aggregation',
      'sel:\n  eventName: x\ncondition: sel | count() by userIdentity.arn > 5',
      /aggregation expressions/,
    ],
    [
      'a timeframe',
      'sel:\n  eventName: x\ntimeframe: 5m\ncondition: sel',
      /'timeframe' in a detection is not in the Sigma specification/,
    ],
    ['an RE2-incompatible regex', "sel:\n  eventName|re: '(?=x)'\ncondition: sel", /cannot run on RE2/],
  ])('refuses %s with the reason', (_name, detection, reason) => {
    // Act
    const result = sigma(detection);
    // Assess
    expect(result.refusal?.reason).toMatch(reason);
  });

  it('refuses another log source', () => {
    // Act
    const result = loadSigmaRule(
      parseYamlFile(
        'win.yml',
        'title: x\nlogsource:\n  product: windows\n  service: security\ndetection:\n  sel:\n    EventID: 4625\n  condition: sel\n'
      )[0] as ReturnType<typeof parseYamlFile>[number]
    );
    // Assess
    expect(result.refusal).toEqual({
      file: 'win.yml',
      line: 3,
      reason: "never matches: logsource product 'windows' is not aws; trailwatch reads AWS CloudTrail records",
    });
  });

  it('fails at load with the line when the condition names no search', () => {
    // Act
    const loading = () => sigma('sel:\n  eventName: x\ncondition: selection');
    // Assess
    expect(loading).toThrow("test.yml:8: invalid condition: unknown search identifier 'selection' (have: sel)");
  });

  it('maps level to severity and keeps the author', () => {
    // Act
    const rule = compiled('sel:\n  eventName: x\ncondition: sel');
    // Assess
    expect([rule.meta.id, rule.meta.severity, rule.meta.form]).toEqual(['sigma-test', 'high', 'sigma']);
  });
});
