import type { CloudTrailRecord } from '../../model/record.js';

/**
 * What the IP enrichment says of a record's `sourceIPAddress`, as rules read it at
 * `context.sourceIPAddress` (docs/context.md): `asn`, `org`, `country` and `aws` for public
 * addresses only.
 */
export type SourceIpContext = {
  kind?: 'public' | 'private' | 'aws-service' | 'aws-internal' | 'invalid';
  asn?: number;
  org?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  aws?: boolean;
};

/**
 * The enrichment of a record's source address: its `context.sourceIPAddress`, or undefined when
 * the record carries none (no enrichment, or an address it could not place).
 * @param record - a CloudTrail record (or a rule's lazy view of one)
 */
export const sourceIpContext = (record: CloudTrailRecord): SourceIpContext | undefined => {
  const context = (record as { context?: unknown }).context;
  if (typeof context !== 'object' || context === null) return undefined;
  const ip = (context as { sourceIPAddress?: unknown }).sourceIPAddress;
  return typeof ip === 'object' && ip !== null ? (ip as SourceIpContext) : undefined;
};

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
  return ip?.kind === 'public' && typeof ip.asn === 'number' && Number.isInteger(ip.asn) ? `AS${ip.asn}` : undefined;
};
