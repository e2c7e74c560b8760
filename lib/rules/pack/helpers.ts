/*
 * What the built-in rules read records with. Record contents are user data of many shapes, so
 * rules read them defensively (optional chaining, typeof checks) rather than through types.
 */
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
