/** The files the IP data folder holds (built by scripts/build-ip-data.ts, docs/context.md). */
export const IP_DATA_FILES = {
  /** The ASN table: @ip-location-db/asn's CSVs converted to the layout of asn-table.ts. */
  asn: 'asn.bin',
  /** The country table: @ip-location-db/geo-whois-asn-country-mmdb's two MMDB files flattened to the layout of country-table.ts. */
  country: 'country.bin',
} as const;

/**
 * Amazon's autonomous systems: an address they announce is "on an AWS network" (`aws: true`).
 * They carry AWS's regions and edge, and also Amazon's corporate and retail networks, so `aws`
 * means "Amazon", not "an AWS service". Each number is one the pinned ASN data names an Amazon
 * entity for (docs/context.md lists them with their public registry records).
 */
export const AMAZON_ASNS: ReadonlySet<number> = new Set([
  801, // Amazon Technologies Inc.
  7224, // Amazon.com, Inc.
  8987, // Amazon Data Services Ireland Ltd
  9059, // Amazon Data Services Ireland Ltd
  14618, // Amazon.com, Inc.
  16509, // Amazon.com, Inc.
  21664, // Amazon.com, Inc.
  36263, // Amazon.com, Inc.
  38895, // Amazon.com Tech Telecom
  62785, // Amazon.com Services, LLC
  214101, // Amazon Data Services European Sovereign Cloud GmbH
  400098, // Amazon Technologies Inc.
  401395, // Amazon Technologies, Inc.
]);

/** The literal CloudTrail writes for calls AWS makes from inside its own network. */
export const AWS_INTERNAL = 'AWS Internal';

/** Entries kept by an enricher's cache of recent addresses before it starts over. */
export const DEFAULT_CACHE_SIZE = 4096;
