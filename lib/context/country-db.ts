import { Reader, type Response } from 'maxmind';
import { IpDatabaseError } from './errors.js';
import { V4Ranges, V6Ranges } from './range-index.js';

/** The MMDB record sizes (bits) the walk reads; the MaxMind DB format defines these three. */
const RECORD_SIZES = new Set([24, 28, 32]);

/**
 * Country lookups in a MaxMind DB (MMDB) file of @ip-location-db/geo-whois-asn-country-mmdb.
 * The `maxmind` reader parses and checks the metadata (at construction) and decodes the data
 * records. On the first lookup the search tree is walked once into a range table with a prefix
 * index (range-index.ts), each data record's country decoded once (the files hold about 250):
 * a lookup is then a short binary search, several times faster than the reader's own `get`,
 * whose text parsing and 32 to 128 dependent tree reads dominate.
 */
export class CountryDb {
  readonly #reader: Reader<Response>;
  readonly #tree: Buffer;
  readonly #nodeCount: number;
  readonly #nodeBytes: number;
  readonly #recordSize: number;
  readonly #bits: number;
  readonly #file: string;
  /** Country codes by index; index 0 is "not covered". */
  readonly #codes: Array<string | undefined> = [undefined];
  /** The tree flattened to ranges, on the first lookup. */
  #v4: V4Ranges | undefined;
  #v6: V6Ranges | undefined;

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
    this.#file = file;
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
   * @param words - the address: a number for an IPv4 database, four words (most significant first) for IPv6
   * @returns the ISO 3166-1 alpha-2 code, or undefined when the database does not cover the address
   */
  lookup(words: Uint32Array | number): string | undefined {
    if (typeof words === 'number') {
      this.#v4 ??= this.#flatten() as V4Ranges;
      return this.#codes[(this.#v4 as V4Ranges).find(words) ?? 0];
    }
    this.#v6 ??= this.#flatten() as V6Ranges;
    return this.#codes[(this.#v6 as V6Ranges).find(words) ?? 0];
  }

  /**
   * The search tree as a range table (built once, on the first lookup): every leaf of the
   * tree, in address order, with the country of its data record (each record decoded once).
   */
  #flatten(): V4Ranges | V6Ranges {
    const tree = this.#tree;
    const nodeCount = this.#nodeCount;
    const nodeBytes = this.#nodeBytes;
    const size = this.#recordSize;
    const words = this.#bits / 32;
    const starts: number[] = [];
    const values: number[] = [];
    const codeOf = new Map<number, number>();
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
    const emit = (value: number) => {
      if (values.length > 0 && values[values.length - 1] === value) return;
      for (let w = 0; w < words; w++) starts.push(prefix[w] as number);
      values.push(value);
    };
    const countryAt = (pointer: number): number => {
      if (pointer === nodeCount) return 0;
      let code = codeOf.get(pointer);
      if (code === undefined) {
        const country = this.#decode(words === 1 ? (prefix[0] as number) : prefix);
        code = country === undefined ? 0 : this.#codeIndex(country);
        codeOf.set(pointer, code);
      }
      return code;
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
    return words === 1
      ? new V4Ranges(Uint32Array.from(starts), Uint32Array.from(values))
      : new V6Ranges(Uint32Array.from(starts), Uint32Array.from(values));
  }

  #codeIndex(country: string): number {
    const at = this.#codes.indexOf(country);
    if (at >= 0) return at;
    this.#codes.push(country);
    return this.#codes.length - 1;
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
