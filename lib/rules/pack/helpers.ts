/*
 * What the built-in rules read records with. Record contents are user data of many shapes, so
 * rules read them defensively (optional chaining, typeof checks) rather than through types.
 */
import { CONTEXT_FIELD, type IpContext, type RecordContext } from '../../model/ip-context.js';
import type { CloudTrailRecord } from '../../model/record.js';
import type { RuleDefinition } from '../types.js';
import { policyStatements, principalAccounts } from '../engine/policy-helpers.js';
import {
  accountOf,
  IDENTITY_ACCESS_KEY,
  IDENTITY_INVOKED_BY,
  IDENTITY_PRINCIPAL_ID,
  IDENTITY_TYPE,
  ISSUER_ARN_PATH,
  ISSUER_USER_NAME,
  member,
} from '../engine/record-helpers.js';

export {
  accountOf,
  IDENTITY_ACCESS_KEY,
  IDENTITY_ACCOUNT,
  IDENTITY_ARN,
  IDENTITY_INVOKED_BY,
  IDENTITY_TYPE,
  member,
  otherUserName,
  params,
  principalArn,
  response,
  succeeded,
} from '../engine/record-helpers.js';
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

/** An EC2 ip permission as CloudTrail logs it (`ipPermissions.items[]`, or the request's top level). */
export type IpPermission = { ipProtocol?: string | number; fromPort?: number; toPort?: number };

const WORLD_V4 = '0.0.0.0/0';
const WORLD_V6 = '::/0';

/**
 * The ingress permissions of an `AuthorizeSecurityGroupIngress` request that are open to
 * 0.0.0.0/0 or ::/0, in both layouts the API takes
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html):
 * `ipPermissions.items[]` with `ipRanges.items[].cidrIp` and `ipv6Ranges.items[].cidrIpv6`, and
 * the request's own `cidrIp`, `ipProtocol`, `fromPort` and `toPort` (one range, as
 * `aws ec2 authorize-security-group-ingress --cidr` sends it).
 * @param requestParameters - the request
 */
export const worldOpenPermissions = (requestParameters: Record<string, unknown>): IpPermission[] => {
  const listed = asList((requestParameters.ipPermissions as { items?: unknown } | undefined)?.items).filter(
    (p) =>
      asList(p?.ipRanges?.items).some((range) => range?.cidrIp === WORLD_V4) ||
      asList(p?.ipv6Ranges?.items).some((range) => range?.cidrIpv6 === WORLD_V6)
  );
  const topLevel = requestParameters.cidrIp === WORLD_V4 || requestParameters.cidrIpv6 === WORLD_V6;
  return topLevel ? [...listed, requestParameters as IpPermission] : listed;
};

/**
 * Whether a permission reaches a port: every protocol (`-1`), or TCP or UDP (by name or number)
 * with the port inside `fromPort`..`toPort`.
 * @param permission - an ip permission
 * @param port - the port
 */
export const permissionReachesPort = (permission: IpPermission, port: number): boolean => {
  const protocol = String(permission.ipProtocol ?? '').toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (!['tcp', '6', 'udp', '17'].includes(protocol)) return false;
  return Number(permission.fromPort) <= port && port <= Number(permission.toPort);
};

/** User agents of offensive tools and pentest distributions (case-insensitive). */
export const ATTACK_TOOL_AGENT = /trufflehog|pacu|cloudfox|kali|parrot/i;

/**
 * The 12-digit account id a value names: a bare account id, or the account field of an ARN
 * (`arn:aws:kms:us-east-1:111122223333:key/…`, `arn:aws:iam::111122223333:role/x`).
 * @param value - a field of a record
 */
export const accountInArn = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  // What /^\d{12}$/ and /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/ find, by a scan that
  // makes no match object: rules on busy APIs (every AssumeRole, every VPC endpoint call) ask.
  if (value.length === 12 && digitsAt(value, 0)) return value;
  if (!value.startsWith('arn:aws')) return undefined;
  let i = 7;
  for (const allowed of ARN_PARTS) {
    let c = value.charCodeAt(i);
    while (i < value.length && c !== COLON_CODE) {
      if (!allowed(c)) return undefined;
      c = value.charCodeAt(++i);
    }
    if (i >= value.length) return undefined;
    i++;
  }
  return value.charCodeAt(i + 12) === COLON_CODE && digitsAt(value, i) ? value.slice(i, i + 12) : undefined;
};

const COLON_CODE = 0x3a;

/** `[a-z-]`, then `[a-z0-9-]` twice: the partition's suffix, the service and the region of an ARN. */
const lowerOrDash = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || c === 0x2d;
const lowerDigitOrDash = (c: number): boolean => lowerOrDash(c) || (c >= 0x30 && c <= 0x39);
const ARN_PARTS = [lowerOrDash, lowerDigitOrDash, lowerDigitOrDash];

/** Whether the 12 characters of `value` from `from` are ASCII digits. */
const digitsAt = (value: string, from: number): boolean => {
  if (value.length < from + 12) return false;
  for (let i = from; i < from + 12; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
};

/**
 * Whether a value (account id or ARN) names an account other than the one the record was
 * written for. Values that name no account (aliases, key ids, service principals) are not foreign.
 * @param record - the record
 * @param value - an account id or ARN from the record
 */
export const isForeignAccount = (record: CloudTrailRecord, value: unknown): boolean => {
  const named = accountInArn(value);
  const own = accountOf(record);
  return named !== undefined && own !== undefined && named !== own;
};

/**
 * Whether an AWS service made the call for the principal (CloudFormation deploying a stack, AWS
 * Backup pruning): `userIdentity.invokedBy` is set, the caller is `AWSService`, or the session
 * belongs to a service-linked role (`role/aws-service-role/…`). See
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html.
 */
export const madeByAwsService = (record: CloudTrailRecord): boolean =>
  typeof member(record, IDENTITY_INVOKED_BY) === 'string' ||
  member(record, IDENTITY_TYPE) === 'AWSService' ||
  ((member(record, ISSUER_ARN_PATH) ?? '') as string).includes(':role/aws-service-role/');

/**
 * Whether the call came from the AWS Management Console: console session credentials
 * (`sessionCredentialFromConsole`), a browser user agent, or the console's own agents.
 */
/** Whether an AWS service made the call for the caller (`userIdentity.invokedBy`, or an `AWSService` caller). */
export const viaAwsService = (record: CloudTrailRecord): boolean =>
  member(record, IDENTITY_TYPE) === 'AWSService' || typeof member(record, IDENTITY_INVOKED_BY) === 'string';

/** Whether the caller is an IAM Identity Center permission-set role session (`AWSReservedSSO_*`). */
export const identityCenterRoleSession = (record: CloudTrailRecord): boolean =>
  ((member(record, ISSUER_USER_NAME) ?? '') as string).startsWith('AWSReservedSSO_');

/** Whether the call came from the AWS Management Console (console session credentials or a browser user agent). */
export const fromConsole = (record: CloudTrailRecord): boolean =>
  record.sessionCredentialFromConsole === 'true' ||
  /^Mozilla\//.test(record.userAgent ?? '') ||
  record.userAgent === 'console.amazonaws.com' ||
  record.userAgent === 'signin.amazonaws.com';

/**
 * Whether the caller signed with long-term credentials: an IAM user's or the root user's access
 * key (`AKIA…`), the kind leaked keys are. Sessions (`ASIA…`: roles, console, federation) are not.
 */
export const usesLongTermKey = (record: CloudTrailRecord): boolean => {
  const type = member(record, IDENTITY_TYPE);
  return (
    (type === 'IAMUser' || type === 'Root') &&
    ((member(record, IDENTITY_ACCESS_KEY) ?? '') as string).startsWith('AKIA')
  );
};

/** Whether the call was refused for lack of permission (`AccessDenied`, EC2's `Client.UnauthorizedOperation`, …). */
export const accessDenied = (record: CloudTrailRecord): boolean =>
  /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized/i.test(record.errorCode ?? '');
const PERSON_TYPES = new Set(['IAMUser', 'Root', 'FederatedUser', 'IdentityCenterUser']);

/**
 * Whether a person rather than automation made the call: an IAM user, root, a federated or
 * Identity Center user, an Identity Center permission-set session, or anyone in the console; never
 * a call an AWS service made for the caller.
 */
export const byPerson = (record: CloudTrailRecord): boolean =>
  !viaAwsService(record) &&
  (PERSON_TYPES.has((member(record, IDENTITY_TYPE) ?? '') as string) ||
    identityCenterRoleSession(record) ||
    fromConsole(record));

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
  member(record, IDENTITY_TYPE) === 'AssumedRole' &&
  /:i-[0-9a-f]{8,17}$/.test((member(record, IDENTITY_PRINCIPAL_ID) ?? '') as string);

/** Whether a policy document grants an AWS principal of an account other than the record's. */
export const grantsOtherAccount = (document: unknown, record: CloudTrailRecord): boolean =>
  policyStatements(document).some(
    (s) => s.Effect === 'Allow' && principalAccounts(s).some((account) => account !== accountOf(record))
  );

/**
 * The offline context of the record's `sourceIPAddress` (docs/context.md): kind, and for a
 * public address its AS, organisation, country and whether it is on an Amazon network.
 * Undefined when the deployment runs without the IP databases or the record has no address.
 */
export const sourceIpContext = (record: CloudTrailRecord): IpContext | undefined =>
  (record[CONTEXT_FIELD] as RecordContext | undefined)?.sourceIPAddress;

/**
 * The country (ISO 3166-1 alpha-2) of a public source address, from `context.sourceIPAddress.country`.
 * @param record - a CloudTrail record
 */
export const sourceCountry = (record: CloudTrailRecord): string | undefined => {
  const ip = sourceIpContext(record);
  return ip?.kind === 'public' && typeof ip.country === 'string' && ip.country !== '' ? ip.country : undefined;
};

/**
 * The autonomous system number of a public source address, as text (`AS16509`), from
 * `context.sourceIPAddress.asn`.
 * @param record - a CloudTrail record
 */
export const sourceAsn = (record: CloudTrailRecord): string | undefined => {
  const ip = sourceIpContext(record);
  return ip?.kind === 'public' && typeof ip.asn === 'number' && Number.isInteger(ip.asn) ? asnText(ip.asn) : undefined;
};

/** `AS<n>` strings made so far: one string per number, so a key of every call allocates none. */
const ASN_TEXTS = new Map<number, string>();

/** `AS<asn>`, made once per number (at most 4,096 kept). */
const asnText = (asn: number): string => {
  let text = ASN_TEXTS.get(asn);
  if (text === undefined) {
    if (ASN_TEXTS.size >= 4096) ASN_TEXTS.clear();
    text = `AS${asn}`;
    ASN_TEXTS.set(asn, text);
  }
  return text;
};

/**
 * The principal whose behaviour a first-seen rule learns: the ARN of an IAM user, root or
 * federated user; for a role session, the role (session names change with every session),
 * except IAM Identity Center permission-set sessions, whose session name is the person.
 * `undefined` for AWS services and callers without an ARN.
 */
export const baselinePrincipal = (record: CloudTrailRecord): string | undefined => {
  const identity = record.userIdentity;
  if (identity === undefined || identity.type === 'AWSService' || identity.type === 'AWSAccount') return undefined;
  if (identity.type === 'AssumedRole' && !identityCenterRoleSession(record))
    return identity.sessionContext?.sessionIssuer?.arn ?? identity.arn;
  return identity.arn;
};

/**
 * A filter-pattern clause (CloudWatch Logs syntax) that holds when no AWS service made the call
 * and the caller's client is neither the console nor an AWS service: no `userIdentity.invokedBy`,
 * not an `AWSService` caller or a service-linked role session (`assumed-role/AWSServiceRoleFor…`),
 * and a user agent that is not a browser's, `AWS Internal` or a service's own
 * (`config.amazonaws.com`, `console.ec2.amazonaws.com`). Every field it reads is one the reader
 * extracts while splitting, so counting rules over frequent calls stay cheap: they decode nothing
 * for the calls they count.
 */
export const NOT_SERVICE_OR_CONSOLE_CLAUSE =
  '($.userIdentity.invokedBy NOT EXISTS) && ($.userIdentity.type != "AWSService") && ' +
  '(($.userIdentity.arn != "*:assumed-role/AWSServiceRoleFor*") || ($.userIdentity.arn NOT EXISTS)) && ' +
  '($.userAgent != "Mozilla/*") && ($.userAgent != "AWS Internal") && ($.userAgent != "*.amazonaws.com")';

/**
 * The same clause without the console exclusions: no AWS service made the call (see
 * {@link NOT_SERVICE_OR_CONSOLE_CLAUSE}); console calls count.
 */
export const NOT_SERVICE_CLAUSE =
  '($.userIdentity.invokedBy NOT EXISTS) && ($.userIdentity.type != "AWSService") && ' +
  '(($.userIdentity.arn != "*:assumed-role/AWSServiceRoleFor*") || ($.userIdentity.arn NOT EXISTS)) && ' +
  '($.userAgent != "AWS Internal") && ($.userAgent != "*.amazonaws.com")';

/**
 * The data and key calls CloudTrail records as network activity events through a VPC endpoint
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html):
 * what the VPC endpoint rules index on.
 */
export const VPCE_DATA_CALLS: Pick<RuleDefinition, 'eventSource' | 'eventNames'> = {
  eventSource: [
    's3.amazonaws.com',
    'kms.amazonaws.com',
    'secretsmanager.amazonaws.com',
    'ec2.amazonaws.com',
    'cloudtrail.amazonaws.com',
  ],
  eventNames: [
    'GetObject',
    'PutObject',
    'CopyObject',
    'ListObjects',
    'ListBuckets',
    'DeleteObject',
    'DeleteObjects',
    'CreateMultipartUpload',
    'UploadPart',
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'ReEncrypt',
    'CreateGrant',
    'GetSecretValue',
    'BatchGetSecretValue',
    'ListSecrets',
    'CreateSnapshot',
    'ModifySnapshotAttribute',
    'DescribeInstances',
    'RunInstances',
    'StopLogging',
    'DeleteTrail',
    'LookupEvents',
  ],
};
