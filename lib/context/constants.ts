/** The files the IP data folder holds (built by scripts/build-ip-data.ts, docs/context.md). */
export const IP_DATA_FILES = {
  /** The ASN table: @ip-location-db/asn's CSVs converted to the layout of asn-table.ts. */
  asn: 'asn.bin',
  /** @ip-location-db/geo-whois-asn-country-mmdb's IPv4 country database, as published. */
  countryV4: 'country-ipv4.mmdb',
  /** @ip-location-db/geo-whois-asn-country-mmdb's IPv6 country database, as published. */
  countryV6: 'country-ipv6.mmdb',
} as const;

/**
 * Amazon's autonomous systems: an address they announce is "on an AWS network" (`aws: true`).
 * They carry AWS's regions and edge, and also Amazon's corporate and retail networks, so `aws`
 * means "Amazon", not "an AWS service". Each number's source is listed in docs/context.md.
 */
export const AMAZON_ASNS: ReadonlySet<number> = new Set([
  7224, // Amazon.com, Inc. (AWS, ARIN)
  8987, // Amazon Data Services Ireland Ltd (RIPE)
  9059, // Amazon Data Services Singapore (APNIC)
  10124, // Amazon Data Services Japan (APNIC)
  14618, // Amazon.com, Inc. (AWS us-east-1, ARIN)
  16509, // Amazon.com, Inc. (AWS, ARIN)
  17493, // Amazon Data Services Singapore (APNIC)
  38895, // Amazon.com Tech Telecom (APNIC)
  39111, // Amazon Data Services UK (RIPE)
  62785, // Amazon.com Services LLC (ARIN)
]);

/** The literal CloudTrail writes for calls AWS makes from inside its own network. */
export const AWS_INTERNAL = 'AWS Internal';

/** Entries kept by an enricher's cache of recent addresses before it starts over. */
export const DEFAULT_CACHE_SIZE = 4096;
