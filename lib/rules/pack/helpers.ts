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
