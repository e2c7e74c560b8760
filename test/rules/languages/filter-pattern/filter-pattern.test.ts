import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../../../../lib/rules/languages/filter-pattern/filter-pattern.js';
import { holds, record } from '../../helpers.js';

const matches = (pattern: string, fields: Record<string, unknown>) =>
  holds(compileFilterPattern(pattern), record(fields));

describe('compileFilterPattern', () => {
  it.each([
    ['quoted and bare values alike', '{ $.eventName = "StopLogging" }', { eventName: 'StopLogging' }, true],
    ['bare value', '{ $.eventName = StopLogging }', { eventName: 'StopLogging' }, true],
    ['case-sensitive equality', '{ $.eventName = stoplogging }', { eventName: 'StopLogging' }, false],
    ['leading glob', '{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperation' }, true],
    ['trailing glob', '{ $.errorCode = "AccessDenied*" }', { errorCode: 'AccessDeniedException' }, true],
    ['trailing glob, other value', '{ $.errorCode = "AccessDenied*" }', { errorCode: 'ThrottlingException' }, false],
    ['inner glob', '{ $.sourceIPAddress = 198.51.*.7 }', { sourceIPAddress: '198.51.100.7' }, true],
    ['glob needs the field', '{ $.errorCode = "*" }', {}, false],
    ['= * on a present field', '{ $.errorCode = * }', { errorCode: 'AccessDenied' }, true],
    [
      '!= on a different value',
      '{ $.additionalEventData.MFAUsed != "Yes" }',
      { additionalEventData: { MFAUsed: 'No' } },
      true,
    ],
    [
      '!= on the same value',
      '{ $.additionalEventData.MFAUsed != "Yes" }',
      { additionalEventData: { MFAUsed: 'Yes' } },
      false,
    ],
    [
      '!= on a missing field never matches',
      '{ $.additionalEventData.MFAUsed != "Yes" }',
      { additionalEventData: {} },
      false,
    ],
    [
      '!= or NOT EXISTS matches absence',
      '{ ($.additionalEventData.MFAUsed != "Yes") || ($.additionalEventData.MFAUsed NOT EXISTS) }',
      { additionalEventData: {} },
      true,
    ],
    ['!= with a glob', '{ $.sourceIPAddress != 198.51.* }', { sourceIPAddress: '203.0.113.9' }, true],
    ['NOT EXISTS on a missing field', '{ $.userIdentity.invokedBy NOT EXISTS }', {}, true],
    [
      'NOT EXISTS on a present field',
      '{ $.userIdentity.invokedBy NOT EXISTS }',
      { userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' } },
      false,
    ],
    [
      'NOT EXISTS on a null field (null is present)',
      '{ $.requestParameters NOT EXISTS }',
      { requestParameters: null },
      false,
    ],
    ['IS NULL on null', '{ $.requestParameters IS NULL }', { requestParameters: null }, true],
    ['IS NULL on a missing field', '{ $.errorCode IS NULL }', {}, false],
    ['IS TRUE', '{ $.readOnly IS TRUE }', { readOnly: true }, true],
    ['IS FALSE on true', '{ $.readOnly IS FALSE }', { readOnly: true }, false],
    ['EXISTS', '{ $.errorMessage EXISTS }', { errorMessage: 'x' }, true],
    [
      'numeric <',
      '{ $.requestParameters.pendingWindowInDays < 10 }',
      { requestParameters: { pendingWindowInDays: 7 } },
      true,
    ],
    [
      'numeric >= on a numeric string',
      '{ $.requestParameters.count >= 5 }',
      { requestParameters: { count: '5' } },
      true,
    ],
    [
      'numeric > fails',
      '{ $.requestParameters.pendingWindowInDays > 10 }',
      { requestParameters: { pendingWindowInDays: 7 } },
      false,
    ],
    [
      'numeric = on a number',
      '{ $.requestParameters.ruleNumber = 100 }',
      { requestParameters: { ruleNumber: 100 } },
      true,
    ],
    ['bare digits match a string field', '{ $.recipientAccountId = 111122223333 }', {}, true],
    ['array index', '{ $.resources[0].type = "AWS::IAM::Role" }', { resources: [{ type: 'AWS::IAM::Role' }] }, true],
    [
      'array index, other element',
      '{ $.resources[1].type = "AWS::IAM::Role" }',
      { resources: [{ type: 'AWS::IAM::Role' }] },
      false,
    ],
    [
      'selector across an array',
      '{ $.resources.ARN = "arn:aws:s3:::b" }',
      { resources: [{ ARN: 'arn:aws:s3:::a' }, { ARN: 'arn:aws:s3:::b' }] },
      true,
    ],
    ['regex', '{ $.eventName = %^Describe[A-Z]% }', { eventName: 'DescribeInstances' }, true],
    ['regex !=', '{ $.eventName != %^Describe% }', { eventName: 'RunInstances' }, true],
    [
      '&& binds tighter than ||',
      '{ $.eventName = A || $.eventName = StopLogging && $.errorCode = X }',
      { eventName: 'StopLogging' },
      false,
    ],
    [
      'parentheses change grouping',
      '{ ($.eventName = A || $.eventName = StopLogging) && $.errorCode NOT EXISTS }',
      { eventName: 'StopLogging' },
      true,
    ],
    ['booleans by text', '{ $.requestParameters.enable = false }', { requestParameters: { enable: false } }, true],
  ])('%s', (_name, pattern, fields, expected) => {
    // Act
    const result = matches(pattern, fields);
    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['a term pattern', 'ERROR', /only JSON filter patterns/],
    ['a missing brace', '{ $.eventName = A', /expected '\}' at column 18/],
    ['an unterminated quote', '{ $.eventName = "A }', /unterminated quoted value at column 17/],
    ['< with text', '{ $.eventName < abc }', /compares numbers; 'abc' is not a number at column 17/],
    ['a missing operator', '{ $.eventName }', /expected an operator after \$\.eventName at column 15/],
    ['RE2-unsupported regex', '{ $.eventName = %(a)\\1% }', /invalid regex/],
  ])('rejects %s with the column', (_name, pattern, message) => {
    // Act
    const compiling = () => compileFilterPattern(pattern);
    // Assess
    expect(compiling).toThrow(message);
  });
});
