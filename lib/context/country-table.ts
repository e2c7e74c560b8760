import {
  rangeSections,
  readRanges,
  V4_INDEX_LENGTH,
  type V4Ranges,
  V6_INDEX_LENGTH,
  type V6Ranges,
} from './range-index.js';
import {
  readTableHeader,
  TABLE_HEADER_BYTES,
  type TableKind,
  tableSections,
  writeTableHeader,
} from './table-header.js';

/**
 * The country table's binary layout (little-endian, every section 4-byte aligned), built at
 * install from the two MMDB files of @ip-location-db/geo-whois-asn-country-mmdb (their search
 * trees flattened by country-mmdb.ts), so a lookup never walks a tree at run time:
 *
 * | offset | content |
 * |---|---|
 * | 0 | the header (table-header.ts): magic `TWIPCTY1`, u32 format version (2), u32 IPv4 rows, u32 IPv6 rows, u32 countries, the source package's version |
 * | 64 | the prefix indexes (range-index.ts): u32 IPv4 (65,537), u32 IPv6 (131,073) |
 * | … | u32 IPv4 row starts (ascending), u32 IPv4 row countries |
 * | … | u32×4 IPv6 row starts (most significant word first, ascending), u32 IPv6 row countries |
 * | … | the countries, ISO 3166-1 alpha-2, 2 ASCII bytes each, zero-padded to a multiple of 4 bytes |
 *
 * A row covers the addresses from its start to the next row's start (the first row starts at
 * address 0; the build merges adjacent rows of one country); its country is 1 + an index into
 * the countries, or {@link NO_COUNTRY} where the source does not cover the addresses.
 */
export const COUNTRY_TABLE_MAGIC = 'TWIPCTY1';
export const COUNTRY_TABLE_VERSION = 2;
export const COUNTRY_TABLE_HEADER_BYTES = TABLE_HEADER_BYTES;
/** The country of rows the source does not cover. */
export const NO_COUNTRY = 0;

/** The counts a table's header declares. */
export type CountryTableHeader = {
  v4Rows: number;
  v6Rows: number;
  countries: number;
  /** The version of the package the table was built from. */
  sourceVersion: string;
};

/** One address family's rows: their starts (IPv6: four words each, most significant first) and countries. */
export type CountryRows = {
  starts: readonly number[];
  /** Per row, its country code, or undefined where the source has none. */
  countries: readonly (string | undefined)[];
};

const codeBytes = (countries: number): number => Math.ceil((2 * countries) / 4) * 4;

/** What a table's bytes must add up to, from its header's counts. */
const expectedBytes = (h: CountryTableHeader): number =>
  COUNTRY_TABLE_HEADER_BYTES +
  4 * (V4_INDEX_LENGTH + V6_INDEX_LENGTH + 2 * h.v4Rows + 5 * h.v6Rows) +
  codeBytes(h.countries);

const ISO_CODE = /^[A-Z]{2}$/;

const COUNTRY_TABLE: TableKind = {
  magic: COUNTRY_TABLE_MAGIC,
  version: COUNTRY_TABLE_VERSION,
  name: 'a country table',
  counts: 3,
  bytes: ([v4Rows = 0, v6Rows = 0, countries = 0]) => expectedBytes({ v4Rows, v6Rows, countries, sourceVersion: '' }),
};

/**
 * Reads and checks a table's header.
 * @param bytes - the header (at least 64 bytes), or the whole table
 * @param file - the file's name, for the error
 * @param size - the file's size, checked against the counts
 * @throws IpDatabaseError when the magic, version or size do not match
 */
export const readCountryTableHeader = (bytes: Uint8Array, file: string, size: number): CountryTableHeader => {
  const { counts, sourceVersion } = readTableHeader(bytes, file, size, COUNTRY_TABLE);
  const [v4Rows = 0, v6Rows = 0, countries = 0] = counts;
  return { v4Rows, v6Rows, countries, sourceVersion };
};

/**
 * Builds a table from both families' rows (build time).
 * @param v4 - the IPv4 rows, ascending from address 0
 * @param v6 - the IPv6 rows, likewise
 * @param sourceVersion - the source package's version, kept in the header
 * @throws Error when the rows are not 32-bit words ascending from 0, or a country is not two capital letters
 */
export const buildCountryTable = (v4: CountryRows, v6: CountryRows, sourceVersion: string): Buffer => {
  const codes: string[] = [];
  const indexOf = new Map<string, number>();
  const countryOf = (code: string | undefined): number => {
    if (code === undefined) return NO_COUNTRY;
    if (!ISO_CODE.test(code)) throw new Error(`country ${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 code`);
    let index = indexOf.get(code);
    if (index === undefined) {
      codes.push(code);
      index = codes.length;
      indexOf.set(code, index);
    }
    return index;
  };
  const check = (rows: CountryRows, words: number, family: string) => {
    if (rows.starts.length !== words * rows.countries.length)
      throw new Error(`${family}: ${rows.starts.length} start words for ${rows.countries.length} rows`);
    if (rows.starts.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff))
      throw new Error(`${family}: a start word is not a 32-bit unsigned integer`);
    if (rows.countries.length === 0 || rows.starts.slice(0, words).some((w) => w !== 0))
      throw new Error(`${family}: the first row must start at address 0`);
    for (let row = 1; row < rows.countries.length; row++) {
      let order = 0;
      for (let w = 0; w < words && order === 0; w++)
        order = (rows.starts[row * words + w] as number) - (rows.starts[(row - 1) * words + w] as number);
      if (order <= 0) throw new Error(`${family}: row ${row} does not start after the row before it`);
    }
  };
  check(v4, 1, 'IPv4');
  check(v6, 4, 'IPv6');
  const v4Countries = v4.countries.map(countryOf);
  const v6Countries = v6.countries.map(countryOf);
  const header: CountryTableHeader = {
    v4Rows: v4.countries.length,
    v6Rows: v6.countries.length,
    countries: codes.length,
    sourceVersion,
  };
  const out = Buffer.alloc(expectedBytes(header));
  writeTableHeader(out, COUNTRY_TABLE, [header.v4Rows, header.v6Rows, header.countries], sourceVersion);
  let at = COUNTRY_TABLE_HEADER_BYTES;
  const sections = rangeSections(
    { starts: Uint32Array.from(v4.starts), values: v4Countries },
    { starts: Uint32Array.from(v6.starts), values: v6Countries }
  );
  for (const list of sections)
    for (let i = 0; i < list.length; i++) {
      out.writeUInt32LE((list[i] as number) >>> 0, at);
      at += 4;
    }
  out.write(codes.join(''), at, 'latin1');
  return out;
};

/**
 * Country lookups in a table: typed-array views over its bytes, its prefix indexes included (no
 * copy and nothing built, so workers share one SharedArrayBuffer).
 */
export class CountryTable {
  readonly header: CountryTableHeader;
  readonly #v4: V4Ranges;
  readonly #v6: V6Ranges;
  /** The codes by country number ({@link NO_COUNTRY}: undefined). */
  readonly #codes: (string | undefined)[] = [undefined];

  /**
   * @param bytes - the whole table, 4-byte aligned in its buffer (a file read or a SharedArrayBuffer is)
   * @param file - the file's name, for errors
   * @throws IpDatabaseError when the header does not check out
   */
  constructor(bytes: Uint8Array, file: string) {
    this.header = readCountryTableHeader(bytes, file, bytes.byteLength);
    const h = this.header;
    const { take, rest } = tableSections(bytes);
    ({ v4: this.#v4, v6: this.#v6 } = readRanges(take, h.v4Rows, h.v6Rows));
    const text = rest(2 * h.countries).toString('latin1');
    for (let i = 0; i < h.countries; i++) this.#codes.push(text.slice(2 * i, 2 * i + 2));
  }

  /**
   * The country of an IPv4 address.
   * @param address - unsigned 32-bit
   * @returns the ISO 3166-1 alpha-2 code, or undefined where the source has none
   */
  lookupV4(address: number): string | undefined {
    return this.#codes[this.#v4.find(address) ?? NO_COUNTRY];
  }

  /**
   * The country of an IPv6 address.
   * @param words - four 32-bit words, most significant first
   * @returns the ISO 3166-1 alpha-2 code, or undefined where the source has none
   */
  lookupV6(words: Uint32Array): string | undefined {
    return this.#codes[this.#v6.find(words) ?? NO_COUNTRY];
  }
}
