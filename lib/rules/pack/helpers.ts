/*
 * What the built-in rules read records with. Record contents are user data of many shapes, so
 * rules read them defensively (optional chaining, typeof checks) rather than through types.
 */
import type { CloudTrailRecord } from '../../model/record.js';
import { policyStatements, principalAccounts } from '../engine/policy-helpers.js';
import { accountOf } from '../engine/record-helpers.js';

export { accountOf, otherUserName, params, principalArn, response, succeeded } from '../engine/record-helpers.js';
export { grantsEverything, grantsPublicly, policyStatements, principalAccounts } from '../engine/policy-helpers.js';

/**
 * A value as a list: arrays as they are, one value as a one-element list, absent as empty.
 * Elements are loosely typed on purpose: rules probe them with optional chaining.
 * @param value - a field of a record
 */
// biome-ignore lint/suspicious/noExplicitAny: record content is untyped user data
export const asList = (value: unknown): any[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** The `{ add: { items: [...] } }` entries of an EC2 permission modification (snapshots, AMIs). */
export const addedPermissions = (modification: unknown): Array<{ group?: unknown; userId?: unknown }> =>
  asList((modification as { add?: { items?: unknown } } | undefined)?.add?.items);

const PUBLIC_ACCESS_BLOCK_KEYS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/** Whether a Block Public Access configuration turns any of its four settings off. */
export const publicAccessBlockWeakened = (configuration: unknown): boolean =>
  typeof configuration === 'object' &&
  configuration !== null &&
  PUBLIC_ACCESS_BLOCK_KEYS.some((key) => (configuration as Record<string, unknown>)[key] === false);

/** An EC2 ip permission as CloudTrail logs it (`ipPermissions.items[]`). */
export type IpPermission = { ipProtocol?: string; fromPort?: number; toPort?: number };

/** The ingress permissions of a security group call that are open to 0.0.0.0/0 or ::/0. */
export const worldOpenPermissions = (requestParameters: Record<string, unknown>): IpPermission[] =>
  asList((requestParameters.ipPermissions as { items?: unknown } | undefined)?.items).filter(
    (p) =>
      asList(p?.ipRanges?.items).some((range) => range?.cidrIp === '0.0.0.0/0') ||
      asList(p?.ipv6Ranges?.items).some((range) => range?.cidrIpv6 === '::/0')
  );

/** User agents of offensive tools and pentest distributions (case-insensitive). */
export const ATTACK_TOOL_AGENT = /trufflehog|pacu|cloudfox|kali|parrot/i;

/** Whether an AWS service made the call for the caller (`userIdentity.invokedBy`, or an `AWSService` caller). */
export const viaAwsService = (record: CloudTrailRecord): boolean =>
  record.userIdentity?.type === 'AWSService' || typeof record.userIdentity?.invokedBy === 'string';

/** Whether the caller is an IAM Identity Center permission-set role session (`AWSReservedSSO_*`). */
export const identityCenterRoleSession = (record: CloudTrailRecord): boolean =>
  (record.userIdentity?.sessionContext?.sessionIssuer?.userName ?? '').startsWith('AWSReservedSSO_');

/** Whether the call came from the AWS Management Console (console session credentials or a browser user agent). */
export const fromConsole = (record: CloudTrailRecord): boolean =>
  record.sessionCredentialFromConsole === 'true' ||
  /^Mozilla\//.test(record.userAgent ?? '') ||
  record.userAgent === 'console.amazonaws.com' ||
  record.userAgent === 'signin.amazonaws.com';

const PERSON_TYPES = new Set(['IAMUser', 'Root', 'FederatedUser', 'IdentityCenterUser']);

/**
 * Whether a person rather than automation made the call: an IAM user, root, a federated or
 * Identity Center user, an Identity Center permission-set session, or anyone in the console; never
 * a call an AWS service made for the caller.
 */
export const byPerson = (record: CloudTrailRecord): boolean =>
  !viaAwsService(record) &&
  (PERSON_TYPES.has(record.userIdentity?.type ?? '') || identityCenterRoleSession(record) || fromConsole(record));

/** Whether the call was refused for lack of permission (`AccessDenied*`, `*UnauthorizedOperation`, `*Forbidden*`). */
export const denied = (record: CloudTrailRecord): boolean =>
  /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|Forbidden/i.test(record.errorCode ?? '');

/** The account id of an ARN (`arn:<partition>:<service>:<region>:<account>:…`), when it names one. */
export const arnAccount = (arn: unknown): string | undefined =>
  typeof arn === 'string' ? /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined;

/** User agents of generic HTTP clients and download tools, unlike the AWS CLI, SDKs and console (case-insensitive). */
export const SCRIPT_AGENT =
  /^(curl|wget|python-requests|python-urllib|python-httpx|go-http-client|okhttp|postmanruntime|axios|node-fetch|libwww-perl|insomnia)\b/i;

/** Whether the caller holds an EC2 instance's role credentials (a role session named after the instance id). */
export const instanceCredentials = (record: CloudTrailRecord): boolean =>
  record.userIdentity?.type === 'AssumedRole' && /:i-[0-9a-f]{8,17}$/.test(record.userIdentity.principalId ?? '');

/** Whether a policy document grants an AWS principal of an account other than the record's. */
export const grantsOtherAccount = (document: unknown, record: CloudTrailRecord): boolean =>
  policyStatements(document).some(
    (s) => s.Effect === 'Allow' && principalAccounts(s).some((account) => account !== accountOf(record))
  );
