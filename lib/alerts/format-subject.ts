import { LIMITS } from './constants.js';
import { shortArn } from './parse-arn.js';
import type { Alert } from '../model/alert.js';

/** How services name themselves in a subject; others use the first label of their endpoint. */
const SERVICE_LABELS: Readonly<Record<string, string>> = {
  cloudtrail: 'CloudTrail',
  iam: 'IAM',
  sts: 'STS',
  s3: 'S3',
  ec2: 'EC2',
  kms: 'KMS',
  signin: 'Sign-in',
  organizations: 'Organizations',
  guardduty: 'GuardDuty',
  config: 'Config',
  lambda: 'Lambda',
  logs: 'CloudWatch Logs',
  sso: 'IAM Identity Center',
  securityhub: 'Security Hub',
  rds: 'RDS',
  secretsmanager: 'Secrets Manager',
  ssm: 'SSM',
};

/** SNS email subjects must be plain, single-line text. */
const ascii = (s: string): string => s.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');

const cutMiddle = (s: string, max: number): string => {
  if (s.length <= max) return s;
  const keep = max - 3;
  return `${s.slice(0, Math.ceil(keep / 2))}...${s.slice(s.length - Math.floor(keep / 2))}`;
};

const what = (alert: Alert): string => {
  if (alert.eventName === undefined) return alert.title;
  const label = alert.eventSource?.split('.')[0] ?? '';
  const service = SERVICE_LABELS[label] ?? label;
  return service === '' ? alert.eventName : `${service} ${alert.eventName}`;
};

const where = (alert: Alert, withId: boolean): string => {
  const account =
    alert.accountName !== undefined && alert.account !== undefined
      ? withId
        ? `${alert.accountName} (${alert.account})`
        : alert.accountName
      : (alert.accountName ?? alert.account);
  return [account, alert.region].filter((p) => p !== undefined && p !== '').join('/');
};

/**
 * A subject a human can read in an email, within SNS's limit (ASCII, one line, under 100
 * characters): `[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in prod
 * (123456789012)/us-east-1`. When too long it drops, in order, the account id beside a known
 * name, the principal's `arn:…:account:` prefix, then the middle of the principal, and as a
 * last resort cuts the end with `...`.
 * @param alert - the alert to announce
 * @returns the subject, at most 99 characters
 * @example formatSubject(alert) // '[HIGH] CloudTrail StopLogging by arn:aws:iam::123456789012:user/alice in 123456789012/us-east-1'
 */
export const formatSubject = (alert: Alert): string => {
  const max = LIMITS.snsSubjectChars;
  const head = `[${alert.severity.toUpperCase()}] ${what(alert)}`;
  const compose = (principal: string | undefined, withId: boolean): string => {
    const place = where(alert, withId);
    return ascii(`${head}${principal === undefined ? '' : ` by ${principal}`}${place === '' ? '' : ` in ${place}`}`);
  };
  const principal = alert.principal;
  const candidates = [
    compose(principal, true),
    compose(principal, false),
    compose(principal === undefined ? undefined : shortArn(principal), false),
  ];
  const fitting = candidates.find((c) => c.length <= max);
  if (fitting !== undefined) return fitting;
  if (principal !== undefined) {
    // Keep where it happened readable: shorten the principal from the middle instead.
    const room = max - compose('', false).length;
    if (room >= 16) return compose(cutMiddle(ascii(shortArn(principal)), room), false);
  }
  const last = candidates[candidates.length - 1] ?? head;
  return `${last.slice(0, max - 3)}...`;
};
