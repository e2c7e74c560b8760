import { describe, expect, it } from 'vitest';
import { classifyError } from '../../lib/alerts/classify-error.js';
import { parseArn } from '../../lib/alerts/parse-arn.js';

const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

describe('classifyError', () => {
  it.each([
    ['SNS Throttling (400)', sdkError('Throttling', 400), 'Throttling', true],
    ['EventBridge ThrottlingException (400)', sdkError('ThrottlingException', 400), 'ThrottlingException', true],
    ['a 429', sdkError('TooManyRequests', 429), 'TooManyRequests', true],
    ['a 5xx', sdkError('InternalErrorException', 500), 'InternalErrorException', true],
    ['a socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ECONNRESET', true],
    [
      'an SDK timeout',
      Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' }),
      'ETIMEDOUT',
      true,
    ],
    ['AuthorizationError (403)', sdkError('AuthorizationErrorException', 403), 'AuthorizationErrorException', false],
    ['NotFound (404)', sdkError('NotFoundException', 404), 'NotFoundException', false],
    ['AccessDeniedException (400)', sdkError('AccessDeniedException', 400), 'AccessDeniedException', false],
    ['an HTML 403 page where JSON was due', sdkError('SyntaxError', 403), 'HTTP 403', false],
    ['an HTML 500 page where XML was due', sdkError('Unknown', 500), 'HTTP 500', true],
  ])('classifies %s', (_name, error, code, retryable) => {
    // Act
    const verdict = classifyError(error);
    // Assess
    expect([verdict.code, verdict.retryable]).toEqual([code, retryable]);
  });
});

describe('parseArn', () => {
  it.each([
    [
      'arn:aws:iam::123456789012:user/alice',
      { partition: 'aws', service: 'iam', region: '', account: '123456789012', resource: 'user/alice' },
    ],
    [
      'arn:aws:s3:::org-trail-logs',
      { partition: 'aws', service: 's3', region: '', account: '', resource: 'org-trail-logs' },
    ],
    [
      'arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts',
      { partition: 'aws-us-gov', service: 'sns', region: 'us-gov-west-1', account: '123456789012', resource: 'alerts' },
    ],
    ['AIDAEXAMPLEPRINCIPAL', undefined],
    ['arn:aws:iam::123456789012:role/with space', undefined],
    ['arn:aws:iam::12345:user/alice', undefined],
  ])('parses %s', (value, expected) => {
    // Act
    const arn = parseArn(value);
    // Assess
    expect(arn).toEqual(expected);
  });
});
