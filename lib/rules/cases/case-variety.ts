import type { CloudTrailRecord } from '../../model/record.js';

/** The kinds of client a user agent names. */
export type UserAgentFamily = 'console' | 'cli' | 'sdk' | 'service';

/**
 * The kind of client behind a record's `userAgent`: the console (`console.amazonaws.com`,
 * `console.ec2.amazonaws.com`, `signin.amazonaws.com`, a browser's `Mozilla/…`), the AWS CLI
 * (`aws-cli/…`), an AWS service acting for the caller (`cloudformation.amazonaws.com`,
 * `AWS Internal`, or any caller with `userIdentity.invokedBy`), else an SDK or a tool built on
 * one (`Boto3/…`, `aws-sdk-js/…`, `APN/1.0 HashiCorp/1.0 Terraform/…`, `aws-sdk-go-v2/…`). S3's bracketed
 * spelling (`[aws-cli/…]`) counts as the unbracketed one.
 * Values after https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html (userAgent).
 * @param record - a record
 * @returns the family
 */
export const userAgentFamily = (record: CloudTrailRecord): UserAgentFamily => {
  // S3 writes the user agent in brackets (`[aws-cli/2.22.35 …]`).
  const agent = typeof record.userAgent === 'string' ? record.userAgent.replace(/^\[/, '') : '';
  if (/^(console\.([a-z0-9-]+\.)?amazonaws\.com|signin\.amazonaws\.com|Mozilla\/)/.test(agent)) return 'console';
  if (/^aws-cli\//.test(agent)) return 'cli';
  if (record.userIdentity?.invokedBy !== undefined || /^(AWS Internal|[a-z0-9-]+\.amazonaws\.com$)/.test(agent))
    return 'service';
  return 'sdk';
};

const layoutPaths = (value: unknown, prefix: string, out: Set<string>): void => {
  if (Array.isArray(value)) {
    for (const item of value) layoutPaths(item, `${prefix}[]`, out);
    if (value.length === 0) out.add(`${prefix}[]`);
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.add(`${prefix}{}`);
    for (const key of keys)
      layoutPaths((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.add(prefix || '(scalar)');
  }
};

/**
 * The layout of a record's `requestParameters`: every path to a leaf value, array elements
 * written `[]`, sorted and joined. Two requests of one API with different parameter shapes (a
 * top-level `cidrIp` and `ipPermissions.items[].ipRanges.items[].cidrIp`) have different
 * layouts; the same shape with other values has the same one.
 * @param record - a record
 * @returns the layout, `null` when the request had no parameters
 */
export const requestParametersLayout = (record: CloudTrailRecord): string => layoutOf(record.requestParameters);

const layoutOf = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  const paths = new Set<string>();
  layoutPaths(value, '', paths);
  return [...paths].sort().join(' ');
};

/**
 * What a case's caller and call look like, for telling two matching cases apart: the caller's
 * `userIdentity.type`, the user-agent family and the layout of what the caller sent, of the
 * case's first record. What a caller sends is `requestParameters`; a console sign-in has none
 * (`null`), so its layout is that of `additionalEventData` (`MFAUsed`, `MFAIdentifier`, …).
 * @param record - the first record of a case
 */
export const caseVariety = (
  record: CloudTrailRecord
): { identity: string; agent: UserAgentFamily; layout: string } => ({
  identity: String(record.userIdentity?.type ?? 'none'),
  agent: userAgentFamily(record),
  layout:
    record.eventType === 'AwsConsoleSignIn'
      ? `additionalEventData: ${layoutOf(record.additionalEventData)}`
      : requestParametersLayout(record),
});
