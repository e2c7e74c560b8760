import { describe, expect, it } from 'vitest';
import { formatSubject } from '../../lib/alerts/format-subject.js';
import { makeAlert } from './make-alert.js';

describe('formatSubject', () => {
  it.each([
    [
      'an IAM user in a bare account',
      {},
      '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in 123456789012/us-east-1',
    ],
    [
      'a named account, when the id still fits',
      { principal: 'arn:aws:iam::123456789012:root', accountName: 'prod' },
      '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:root in prod (123456789012)/us-east-1',
    ],
    [
      'a named account, dropping the id when it does not fit',
      { accountName: 'prod' },
      '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in prod/us-east-1',
    ],
    [
      'a long assumed-role principal, shortened to its resource part',
      { principal: 'arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com' },
      '[HIGH] CloudTrail StopLogging by assumed-role/Admin/alice@example.com in 123456789012/us-east-1',
    ],
    [
      'a very long principal, cut in its middle so the place stays',
      {
        principal:
          'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com',
      },
      '[HIGH] CloudTrail StopLogging by assumed-role/AWSRes.../alice@example.com in 123456789012/us-east-1',
    ],
    [
      'an alert without an event, using its title',
      {
        eventName: undefined,
        eventSource: undefined,
        principal: undefined,
        severity: 'critical' as const,
        title: 'Digest chain broken',
      },
      '[CRITICAL] Digest chain broken in 123456789012/us-east-1',
    ],
    [
      'an unknown service',
      { eventSource: 'bedrock.amazonaws.com', eventName: 'InvokeModel', principal: undefined },
      '[HIGH] bedrock InvokeModel in 123456789012/us-east-1',
    ],
  ])('formats %s', (_name, overrides, expected) => {
    // Act
    const subject = formatSubject(makeAlert(overrides));
    // Assess
    expect(subject).toBe(expected);
    expect(subject.length).toBeLessThan(100);
  });

  it('keeps the subject single-line ASCII under 100 characters whatever the title', () => {
    // Prepare
    const alert = makeAlert({ eventName: undefined, title: `Ünïcode title\nwith a line break ${'x'.repeat(200)}` });
    // Act
    const subject = formatSubject(alert);
    // Assess
    expect(subject).toMatch(/^\[HIGH\] \?n\?code title with a line break x+\.\.\.$/);
    expect(subject).toHaveLength(99);
  });
});
