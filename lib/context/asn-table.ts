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
 * The ASN table's binary layout (little-endian, every section 4-byte aligned):
 *
 * | offset | content |
 * |---|---|
 * | 0 | the header (table-header.ts): magic `TWIPASN1`, u32 format version (2), u32 IPv4 rows, u32 IPv6 rows, u32 entries, u32 organisations, u32 organisation bytes, the source package's version |
 * | 64 | the prefix indexes (range-index.ts): u32 IPv4 (65,537), u32 IPv6 (131,073) |
 * | … | u32 IPv4 row starts (ascending), u32 IPv4 row entries |
 * | … | u32×4 IPv6 row starts (most significant word first, ascending), u32 IPv6 row entries |
 * | … | u32 entry ASNs, u32 entry organisations, u32 organisation offsets (+1), organisation UTF-8 bytes |
 *
 * A row covers the addresses from its start to the next row's start; its entry is an
 * (ASN, organisation) pair, or {@link NO_ENTRY} where the source has no data. Ends are not
 * stored: gaps are rows of their own, so a lookup is one binary search over the starts.
 */
export const ASN_TABLE_MAGIC = 'TWIPASN1';
export const ASN_TABLE_VERSION = 2;
export const ASN_TABLE_HEADER_BYTES = TABLE_HEADER_BYTES;
/** The entry of rows the source does not cover. */
export const NO_ENTRY = 0xffffffff;

/** The counts a table's header declares. */
export type AsnTableHeader = {
  v4Rows: number;
  v6Rows: number;
  entries: number;
  orgs: number;
  orgBytes: number;
  /** The version of the package the table was built from. */
  sourceVersion: string;
};

/** What a table's bytes must add up to, from its header's counts. */
const expectedBytes = (h: AsnTableHeader): number =>
  ASN_TABLE_HEADER_BYTES +
  4 * (V4_INDEX_LENGTH + V6_INDEX_LENGTH + 2 * h.v4Rows + 5 * h.v6Rows + 2 * h.entries + h.orgs + 1) +
  h.orgBytes;

const ASN_TABLE: TableKind = {
  magic: ASN_TABLE_MAGIC,
  version: ASN_TABLE_VERSION,
  name: 'an ASN table',
  counts: 5,
  bytes: ([v4Rows = 0, v6Rows = 0, entries = 0, orgs = 0, orgBytes = 0]) =>
    expectedBytes({ v4Rows, v6Rows, entries, orgs, orgBytes, sourceVersion: '' }),
};

/**
 * Reads and checks a table's header.
 * @param bytes - the header (at least 64 bytes), or the whole table
 * @param file - the file's name, for the error
 * @param size - the file's size, checked against the counts
 * @throws IpDatabaseError when the magic, version or size do not match
 */
export const readAsnTableHeader = (bytes: Uint8Array, file: string, size: number): AsnTableHeader => {
  const { counts, sourceVersion } = readTableHeader(bytes, file, size, ASN_TABLE);
  const [v4Rows = 0, v6Rows = 0, entries = 0, orgs = 0, orgBytes = 0] = counts;
  return { v4Rows, v6Rows, entries, orgs, orgBytes, sourceVersion };
};

/** One row of the source: an inclusive range and its AS. */
export type AsnRange = { start: bigint; end: bigint; asn: number; org: string };

const V4_LAST = 0xffffffffn;
const V6_LAST = (1n << 128n) - 1n;

/**
 * Builds a table from the source's rows (build time only: BigInt is fine here, never at run time).
 * @param v4 - the IPv4 rows, sorted by start
 * @param v6 - the IPv6 rows, likewise
 * @param sourceVersion - the source package's version, kept in the header
 * @returns the table, and how many rows overlapping an earlier one were clipped or dropped
 * @throws Error when a row is reversed or out of its family's range
 */
export const buildAsnTable = (
  v4: readonly AsnRange[],
  v6: readonly AsnRange[],
  sourceVersion: string
): { table: Buffer; clipped: number } => {
  const entryIds = new Map<string, number>();
  const entryAsns: number[] = [];
  const entryOrgs: number[] = [];
  const orgIds = new Map<string, number>();
  const orgTexts: Buffer[] = [];
  const entryOf = (asn: number, org: string): number => {
    const key = `${asn}\u0000${org}`;
    let id = entryIds.get(key);
    if (id === undefined) {
      let orgId = orgIds.get(org);
      if (orgId === undefined) {
        orgId = orgTexts.length;
        orgIds.set(org, orgId);
        orgTexts.push(Buffer.from(org, 'utf8'));
      }
      id = entryAsns.length;
      entryIds.set(key, id);
      entryAsns.push(asn);
      entryOrgs.push(orgId);
    }
    return id;
  };
  let clipped = 0;
  const rowsOf = (ranges: readonly AsnRange[], last: bigint, family: string) => {
    const starts: bigint[] = [];
    const entries: number[] = [];
    const push = (start: bigint, entry: number) => {
      if (entries.length > 0 && entries[entries.length - 1] === entry) return; // contiguous, same AS
      starts.push(start);
      entries.push(entry);
    };
    let next = 0n;
    for (const range of ranges) {
      if (range.end < range.start || range.end > last)
        throw new Error(`${family} range ${range.start}-${range.end} is reversed or out of range`);
      // The source has the odd row overlapping the one before: the earlier row keeps the overlap.
      if (range.end < next) {
        clipped++;
        continue;
      }
      const start = range.start < next ? next : range.start;
      if (start !== range.start) clipped++;
      if (start > next) push(next, NO_ENTRY);
      push(start, entryOf(range.asn, range.org));
      next = range.end + 1n;
    }
    if (next <= last) push(next, NO_ENTRY);
    return { starts, entries };
  };
  const r4 = rowsOf(v4, V4_LAST, 'IPv4');
  const r6 = rowsOf(v6, V6_LAST, 'IPv6');
  const orgBytes = orgTexts.reduce((n, b) => n + b.length, 0);
  const header: AsnTableHeader = {
    v4Rows: r4.starts.length,
    v6Rows: r6.starts.length,
    entries: entryAsns.length,
    orgs: orgTexts.length,
    orgBytes,
    sourceVersion,
  };
  const out = Buffer.alloc(expectedBytes(header));
  writeTableHeader(
    out,
    ASN_TABLE,
    [header.v4Rows, header.v6Rows, header.entries, header.orgs, header.orgBytes],
    sourceVersion
  );
  let at = ASN_TABLE_HEADER_BYTES;
  const u32 = (n: number) => {
    out.writeUInt32LE(n >>> 0, at);
    at += 4;
  };
  const v4Starts = Uint32Array.from(r4.starts, Number);
  const v6Starts = Uint32Array.from(
    r6.starts.flatMap((s) => [3, 2, 1, 0].map((w) => Number((s >> BigInt(32 * w)) & 0xffffffffn)))
  );
  for (const list of rangeSections({ starts: v4Starts, values: r4.entries }, { starts: v6Starts, values: r6.entries }))
    for (let i = 0; i < list.length; i++) u32(list[i] as number);
  for (const a of entryAsns) u32(a);
  for (const o of entryOrgs) u32(o);
  let offset = 0;
  for (const text of orgTexts) {
    u32(offset);
    offset += text.length;
  }
  u32(offset);
  for (const text of orgTexts) {
    text.copy(out, at);
    at += text.length;
  }
  return { table: out, clipped };
};

/** An AS as the table knows it. Shared between lookups: never mutate it. */
export type AsnEntry = { readonly asn: number; readonly org: string };

/**
 * Lookups in a table: typed-array views over its bytes, its prefix indexes included (no copy and
 * nothing built, so workers share one SharedArrayBuffer), organisation names decoded on first use.
 */
export class AsnTable {
  readonly header: AsnTableHeader;
  readonly #v4: V4Ranges;
  readonly #v6: V6Ranges;
  readonly #entryAsns: Uint32Array;
  readonly #entryOrgs: Uint32Array;
  readonly #orgOffsets: Uint32Array;
  readonly #orgBytes: Buffer;
  readonly #entries: Array<AsnEntry | undefined>;

  /**
   * @param bytes - the whole table, 4-byte aligned in its buffer (a file read or a SharedArrayBuffer is)
   * @param file - the file's name, for errors
   * @throws IpDatabaseError when the header does not check out
   */
  constructor(bytes: Uint8Array, file: string) {
    this.header = readAsnTableHeader(bytes, file, bytes.byteLength);
    const h = this.header;
    const { take, rest } = tableSections(bytes);
    ({ v4: this.#v4, v6: this.#v6 } = readRanges(take, h.v4Rows, h.v6Rows));
    this.#entryAsns = take(h.entries);
    this.#entryOrgs = take(h.entries);
    this.#orgOffsets = take(h.orgs + 1);
    this.#orgBytes = rest(h.orgBytes);
    this.#entries = new Array(h.entries);
  }

  /**
   * The AS announcing an IPv4 address.
   * @param address - unsigned 32-bit
   */
  lookupV4(address: number): AsnEntry | undefined {
    const id = this.#v4.find(address);
    return id === undefined ? undefined : this.#entry(id);
  }

  /**
   * The AS announcing an IPv6 address.
   * @param words - four 32-bit words, most significant first
   */
  lookupV6(words: Uint32Array): AsnEntry | undefined {
    const id = this.#v6.find(words);
    return id === undefined ? undefined : this.#entry(id);
  }

  #entry(id: number): AsnEntry | undefined {
    if (id === NO_ENTRY) return undefined;
    let entry = this.#entries[id];
    if (entry === undefined) {
      const org = this.#entryOrgs[id] as number;
      entry = {
        asn: this.#entryAsns[id] as number,
        org: this.#orgBytes.toString('utf8', this.#orgOffsets[org] as number, this.#orgOffsets[org + 1] as number),
      };
      this.#entries[id] = entry;
    }
    return entry;
  }
}
