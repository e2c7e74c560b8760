import { Reader, type Response } from 'maxmind';
import type { CountryRows } from './country-table.js';
import { IpDatabaseError } from './errors.js';

/** The MMDB record sizes (bits) the walk reads; the MaxMind DB format defines these three. */
const RECORD_SIZES = new Set([24, 28, 32]);

/**
 * Flattens a MaxMind DB (MMDB) file of @ip-location-db/geo-whois-asn-country-mmdb into country
 * rows, at install (scripts/build-ip-data.ts writes them into the country table,
 * country-table.ts): the `maxmind` reader parses and checks the metadata and decodes the data
 * records; the search tree is walked once, every leaf in address order, each data record's
 * country decoded once (the files hold about 250). At run time a lookup is then a short binary
 * search over the table, with no tree to walk first: a walk costs 55–115 ms per family, too much
 * for the first lookup of every process, cold start and worker thread.
 * @param bytes - the whole MMDB file
 * @param file - its name, for errors
 * @param ipVersion - the address family the file must index
 * @returns the rows, ascending from address 0, adjacent rows of one country merged
 * @throws IpDatabaseError when the metadata does not parse, is not the expected kind, or the tree is cut short or too deep
 */
export const flattenCountryMmdb = (bytes: Buffer, file: string, ipVersion: 4 | 6): CountryRows =>
  new CountryMmdb(bytes, file, ipVersion).rows();

class CountryMmdb {
  readonly #reader: Reader<Response>;
  readonly #tree: Buffer;
  readonly #nodeCount: number;
  readonly #nodeBytes: number;
  readonly #recordSize: number;
  readonly #bits: number;
  readonly #file: string;

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
    this.#file = file;
    this.#nodeCount = m.nodeCount;
    this.#nodeBytes = m.nodeByteSize;
    this.#recordSize = m.recordSize;
    this.#bits = ipVersion === 4 ? 32 : 128;
  }

  /** Every leaf of the search tree, in address order, with the country of its data record. */
  rows(): CountryRows {
    const tree = this.#tree;
    const nodeCount = this.#nodeCount;
    const nodeBytes = this.#nodeBytes;
    const size = this.#recordSize;
    const words = this.#bits / 32;
    const starts: number[] = [];
    const countries: (string | undefined)[] = [];
    const countryOfRecord = new Map<number, string | undefined>();
    const prefix = new Uint32Array(4);
    const child = (node: number, bit: number): number => {
      const at = node * nodeBytes;
      if (size === 24)
        return bit
          ? ((tree[at + 3] as number) << 16) | ((tree[at + 4] as number) << 8) | (tree[at + 5] as number)
          : ((tree[at] as number) << 16) | ((tree[at + 1] as number) << 8) | (tree[at + 2] as number);
      if (size === 28)
        return bit
          ? (((tree[at + 3] as number) & 0x0f) << 24) | tree.readUIntBE(at + 4, 3)
          : (((tree[at + 3] as number) & 0xf0) << 20) | tree.readUIntBE(at, 3);
      return bit ? tree.readUInt32BE(at + 4) : tree.readUInt32BE(at);
    };
    const emit = (country: string | undefined) => {
      if (countries.length > 0 && countries[countries.length - 1] === country) return;
      for (let w = 0; w < words; w++) starts.push(prefix[w] as number);
      countries.push(country);
    };
    const countryAt = (pointer: number): string | undefined => {
      if (pointer === nodeCount) return undefined;
      if (!countryOfRecord.has(pointer))
        countryOfRecord.set(pointer, this.#decode(words === 1 ? (prefix[0] as number) : prefix));
      return countryOfRecord.get(pointer);
    };
    const walk = (node: number, depth: number): void => {
      if (node >= nodeCount) {
        emit(countryAt(node));
        return;
      }
      if (depth === this.#bits) throw new IpDatabaseError(this.#file, 'its search tree is deeper than its addresses');
      const word = depth >>> 5;
      const bit = (1 << (31 - (depth & 31))) >>> 0;
      walk(child(node, 0), depth + 1);
      prefix[word] = ((prefix[word] as number) | bit) >>> 0;
      walk(child(node, 1), depth + 1);
      prefix[word] = ((prefix[word] as number) & ~bit) >>> 0;
    };
    walk(0, 0);
    return { starts, countries };
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
