import { Reader, type Response } from 'maxmind';
import { IpDatabaseError } from './errors.js';

/** The MMDB record sizes (bits) the walk reads; the MaxMind DB format defines these three. */
const RECORD_SIZES = new Set([24, 28, 32]);

/**
 * Country lookups in a MaxMind DB (MMDB) file of @ip-location-db/geo-whois-asn-country-mmdb.
 * The `maxmind` reader parses and checks the metadata (at construction) and decodes data
 * records; the search-tree walk is done here on the address already parsed to numbers, and
 * each data record's country is decoded once (the files hold about 250), which makes a lookup
 * several times faster than the reader's own `get`, whose text parsing dominates.
 */
export class CountryDb {
  readonly #reader: Reader<Response>;
  readonly #tree: Buffer;
  readonly #nodeCount: number;
  readonly #nodeBytes: number;
  readonly #recordSize: number;
  readonly #bits: number;
  /** The decoded country of each data pointer seen so far. */
  readonly #countries = new Map<number, string | undefined>();

  /**
   * @param bytes - the whole MMDB file
   * @param file - its name, for errors
   * @param ipVersion - the address family the file must index
   * @throws IpDatabaseError when the metadata does not parse or is not the expected kind
   */
  constructor(bytes: Buffer, file: string, ipVersion: 4 | 6) {
    try {
      this.#reader = new Reader<Response>(bytes);
    } catch (error) {
      throw new IpDatabaseError(file, `not a MaxMind DB: ${(error as Error).message}`, { cause: error });
    }
    const m = this.#reader.metadata;
    if (m.ipVersion !== ipVersion)
      throw new IpDatabaseError(file, `indexes IPv${m.ipVersion} addresses, expected IPv${ipVersion}`);
    if (!RECORD_SIZES.has(m.recordSize))
      throw new IpDatabaseError(file, `record size ${m.recordSize} is not 24, 28 or 32`);
    if (m.searchTreeSize + 16 > bytes.length)
      throw new IpDatabaseError(file, 'truncated: its search tree is cut short');
    this.#tree = bytes;
    this.#nodeCount = m.nodeCount;
    this.#nodeBytes = m.nodeByteSize;
    this.#recordSize = m.recordSize;
    this.#bits = ipVersion === 4 ? 32 : 128;
  }

  /** The database's build time, from its metadata. */
  get buildEpoch(): Date {
    return this.#reader.metadata.buildEpoch;
  }

  /**
   * The country of an address.
   * @param words - the address: one word for an IPv4 database, four (most significant first) for IPv6
   * @returns the ISO 3166-1 alpha-2 code, or undefined when the database does not cover the address
   */
  lookup(words: Uint32Array | number): string | undefined {
    const tree = this.#tree;
    const nodeCount = this.#nodeCount;
    const nodeBytes = this.#nodeBytes;
    const size = this.#recordSize;
    let node = 0;
    for (let depth = 0; depth < this.#bits && node < nodeCount; depth++) {
      const word = typeof words === 'number' ? words : (words[depth >>> 5] as number);
      const bit = (word >>> (31 - (depth & 31))) & 1;
      const at = node * nodeBytes;
      if (size === 24)
        node = bit
          ? ((tree[at + 3] as number) << 16) | ((tree[at + 4] as number) << 8) | (tree[at + 5] as number)
          : ((tree[at] as number) << 16) | ((tree[at + 1] as number) << 8) | (tree[at + 2] as number);
      else if (size === 28)
        node = bit
          ? (((tree[at + 3] as number) & 0x0f) << 24) | tree.readUIntBE(at + 4, 3)
          : (((tree[at + 3] as number) & 0xf0) << 20) | tree.readUIntBE(at, 3);
      else node = bit ? tree.readUInt32BE(at + 4) : tree.readUInt32BE(at);
    }
    if (node <= nodeCount) return undefined;
    if (this.#countries.has(node)) return this.#countries.get(node);
    const country = this.#decode(words);
    this.#countries.set(node, country);
    return country;
  }

  /** Decodes a data record through the reader's own lookup (once per record: the files hold few). */
  #decode(words: Uint32Array | number): string | undefined {
    // The files' data records are `{ country_code }` maps, none of maxmind's response types.
    const code = (this.#reader.get(textOf(words)) as { country_code?: unknown } | null)?.country_code;
    return typeof code === 'string' && code.length === 2 ? code : undefined;
  }
}

const textOf = (words: Uint32Array | number): string => {
  if (typeof words === 'number') return `${words >>> 24}.${(words >>> 16) & 255}.${(words >>> 8) & 255}.${words & 255}`;
  const groups: string[] = [];
  for (const word of words) groups.push(((word >>> 16) & 0xffff).toString(16), (word & 0xffff).toString(16));
  return groups.join(':');
};
