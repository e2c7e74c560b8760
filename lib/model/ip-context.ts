import type { Alert } from './alert.js';

/**
 * What trailwatch knows about the network a call came from, derived offline from the record's
 * `sourceIPAddress` (docs/context.md). Alerts carry it as `context.sourceIPAddress`; rules read
 * it at the virtual path `context.sourceIPAddress.<field>`.
 */

/**
 * How a `sourceIPAddress` value reads:
 * - `public`: a globally routed IPv4 or IPv6 address (asn, org, country and aws are looked up);
 * - `private`: RFC 1918, RFC 4193 (unique local), loopback, link-local, CGNAT (RFC 6598) and
 *   the other special-purpose ranges of the IANA registries: never on the internet;
 * - `aws-service`: an AWS service's name in place of an address (`ec2.amazonaws.com`);
 * - `aws-internal`: the literal `AWS Internal`;
 * - `invalid`: anything else (empty, malformed, not a string).
 */
export const IP_KINDS = ['public', 'private', 'aws-service', 'aws-internal', 'invalid'] as const;
export type IpKind = (typeof IP_KINDS)[number];

/**
 * The enrichment of one `sourceIPAddress`. Only `public` addresses carry the looked-up fields;
 * a public address the databases do not cover has `asn`/`org` or `country` absent (never guessed).
 *
 * @example
 * { kind: 'public', asn: 16509, org: 'Amazon.com, Inc.', country: 'US', aws: true }
 */
export type IpContext = {
  kind: IpKind;
  /** The autonomous system announcing the address (public addresses only). */
  asn?: number;
  /** The autonomous system's organisation name, as the ASN database spells it. */
  org?: string;
  /** ISO 3166-1 alpha-2 country code of the address (public addresses only). */
  country?: string;
  /** Whether `asn` is one of Amazon's autonomous systems (AWS and Amazon's corporate networks). */
  aws?: boolean;
};

/** The context block an alert and a rule's record carry: one entry per enriched record field. */
export type RecordContext = {
  sourceIPAddress?: IpContext;
};

/** The virtual top-level field rules read the context at (`context.sourceIPAddress.asn`). */
export const CONTEXT_FIELD = 'context';

/**
 * The port that enriches an address: the offline databases in the CLI and on Lambda
 * (lib/context/), a fixed table in tests. Never throws and never calls out.
 */
export type IpEnricher = {
  /**
   * The context of one `sourceIPAddress` value.
   * @param sourceIPAddress - the record's field as it stands (any type)
   * @returns the context, or undefined when the record has no `sourceIPAddress` at all
   */
  lookup(sourceIPAddress: unknown): IpContext | undefined;
};

/**
 * An alert with `context.sourceIPAddress` added from its `sourceIPAddress` (unchanged when it
 * has no address, already has the context, or there is no enricher). The context is copied, so
 * the alert owns it.
 * @param alert - the alert
 * @param enricher - the lookups, when the deployment has them
 */
export const withIpContext = (alert: Alert, enricher: IpEnricher | undefined): Alert => {
  if (!enricher || alert.sourceIPAddress === undefined || alert.context?.sourceIPAddress) return alert;
  const sourceIPAddress = enricher.lookup(alert.sourceIPAddress);
  return sourceIPAddress ? { ...alert, context: { ...alert.context, sourceIPAddress: { ...sourceIPAddress } } } : alert;
};
