/**
 * Offline context for the records' fields: `sourceIPAddress` to its kind, autonomous system,
 * organisation, country and whether it is on an Amazon network (docs/context.md). Reads its
 * databases from a folder built at install time (scripts/build-ip-data.ts); never calls out.
 */
export * from './asn-table.js';
export * from './constants.js';
export * from './country-table.js';
export * from './errors.js';
export * from './ip-data.js';
export * from './ip-kind.js';
export * from './offline-ip-enricher.js';
export * from './open-ip-enricher.js';
export * from './parse-asn-csv.js';
export * from './parse-ip.js';
export * from './cold-start-ip-enricher.js';
export * from './ip-data-finding.js';
