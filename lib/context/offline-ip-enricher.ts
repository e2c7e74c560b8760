import type { IpContext, IpEnricher } from '../model/ip-context.js';
import { type AsnEntry, AsnTable } from './asn-table.js';
import { AMAZON_ASNS, AWS_INTERNAL, DEFAULT_CACHE_SIZE } from './constants.js';
import { CountryTable } from './country-table.js';
import type { IpDataBytes, IpDataFiles } from './ip-data.js';
import { isPublicIPv4, isPublicIPv6, mappedIPv4 } from './ip-kind.js';
import { parseIPv4, parseIPv6 } from './parse-ip.js';

const PRIVATE: IpContext = Object.freeze({ kind: 'private' });
const AWS_SERVICE: IpContext = Object.freeze({ kind: 'aws-service' });
const INTERNAL: IpContext = Object.freeze({ kind: 'aws-internal' });
const INVALID: IpContext = Object.freeze({ kind: 'invalid' });

/** An AWS service principal's name in place of an address: `ec2.amazonaws.com`, `…amazonaws.com.cn`. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** Counters an enricher keeps (the run's summary and the bench print them). */
export type IpEnricherStats = { lookups: number; invalid: number; cacheHits: number };

/** Options of {@link OfflineIpEnricher}. */
export type OfflineIpEnricherOptions = {
  /** Recent addresses remembered (0: none). Default 4096. */
  cacheSize?: number;
};

/**
 * The offline enricher: address kinds by the IANA special-purpose registries, AS and
 * organisation from the ASN table, country from the country table, `aws` from Amazon's ASNs.
 * The databases are loaded on the first lookup of a public address (`load` gives their bytes),
 * so a run that reads no context pays nothing but the start-up header check.
 *
 * Returned contexts are shared between lookups and frozen where constant: never mutate one.
 */
export class OfflineIpEnricher implements IpEnricher {
  readonly stats: IpEnricherStats = { lookups: 0, invalid: 0, cacheHits: 0 };
  readonly #load: () => IpDataBytes;
  readonly #names: IpDataFiles;
  readonly #cacheSize: number;
  #cache = new Map<string, IpContext>();
  #bytes: IpDataBytes | undefined;
  #asn: AsnTable | undefined;
  #country: CountryTable | undefined;
  readonly #words = new Uint32Array(4);

  /**
   * @param load - gives the files' bytes (read on the first public lookup)
   * @param names - the files' names, for errors
   * @param options - the cache size
   */
  constructor(load: () => IpDataBytes, names: IpDataFiles, options: OfflineIpEnricherOptions = {}) {
    this.#load = load;
    this.#names = names;
    this.#cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  }

  /**
   * Loads the databases now rather than on the first lookup.
   * @throws IpDatabaseError naming a file that is missing or corrupt
   */
  load(): void {
    if (this.#asn) return;
    const bytes = this.bytes();
    const asn = new AsnTable(bytes.asn, this.#names.asn);
    this.#country = new CountryTable(bytes.country, this.#names.country);
    this.#asn = asn;
  }

  /**
   * The databases' bytes, read once (now, if no lookup read them yet): what worker threads are
   * handed to share them (SharedArrayBuffers when opened with `shared`).
   */
  bytes(): IpDataBytes {
    this.#bytes ??= this.#load();
    return this.#bytes;
  }

  /** The ASN table's source package version (loads the databases). */
  get dataVersion(): string {
    this.load();
    return (this.#asn as AsnTable).header.sourceVersion;
  }

  lookup(sourceIPAddress: unknown): IpContext | undefined {
    if (sourceIPAddress === undefined) return undefined;
    this.stats.lookups++;
    if (typeof sourceIPAddress !== 'string') return this.#invalid();
    if (this.#cacheSize === 0) return this.#resolve(sourceIPAddress);
    const cached = this.#cache.get(sourceIPAddress);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      if (cached === INVALID) this.stats.invalid++;
      return cached;
    }
    const context = this.#resolve(sourceIPAddress);
    if (this.#cache.size >= this.#cacheSize) this.#cache = new Map();
    this.#cache.set(sourceIPAddress, context);
    return context;
  }

  #invalid(): IpContext {
    this.stats.invalid++;
    return INVALID;
  }

  #resolve(text: string): IpContext {
    const v4 = parseIPv4(text);
    if (v4 >= 0) return isPublicIPv4(v4) ? this.#publicV4(v4) : PRIVATE;
    const words = this.#words;
    if (text.includes(':')) {
      if (!parseIPv6(text, words)) return this.#invalid();
      const mapped = mappedIPv4(words);
      if (mapped >= 0) return isPublicIPv4(mapped) ? this.#publicV4(mapped) : PRIVATE;
      if (!isPublicIPv6(words)) return PRIVATE;
      this.load();
      return publicContext((this.#asn as AsnTable).lookupV6(words), (this.#country as CountryTable).lookupV6(words));
    }
    if (text === AWS_INTERNAL) return INTERNAL;
    if (SERVICE_NAME.test(text)) return AWS_SERVICE;
    return this.#invalid();
  }

  #publicV4(address: number): IpContext {
    this.load();
    return publicContext((this.#asn as AsnTable).lookupV4(address), (this.#country as CountryTable).lookupV4(address));
  }
}

const publicContext = (entry: AsnEntry | undefined, country: string | undefined): IpContext => {
  const context: IpContext = { kind: 'public' };
  if (entry) {
    context.asn = entry.asn;
    context.org = entry.org;
  }
  if (country !== undefined) context.country = country;
  context.aws = entry !== undefined && AMAZON_ASNS.has(entry.asn);
  return context;
};
