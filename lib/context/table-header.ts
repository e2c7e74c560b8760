import { IpDatabaseError } from './errors.js';

/**
 * The 64-byte header both IP tables start with (asn-table.ts, country-table.ts), little-endian:
 *
 * | offset | content |
 * |---|---|
 * | 0 | the table's magic, 8 ASCII bytes |
 * | 8 | u32 format version, then the table's u32 counts (at most 5), zero-padded to byte 32 |
 * | 32 | the source package's version, ASCII, zero-padded to 32 bytes |
 */
export const TABLE_HEADER_BYTES = 64;

/** What tells one table's header from the other's, and the size its counts give it. */
export type TableKind = {
  magic: string;
  version: number;
  /** As an error names it: `an ASN table`, `a country table`. */
  name: string;
  /** How many u32 counts follow the version. */
  counts: number;
  /** The table's size in bytes from its counts. */
  bytes: (counts: readonly number[]) => number;
};

/**
 * Reads and checks a table's header.
 * @param bytes - the header (at least 64 bytes), or the whole table
 * @param file - the file's name, for the error
 * @param size - the file's size, checked against the counts
 * @param kind - which table it must be
 * @returns its counts, in header order, and the source package's version
 * @throws IpDatabaseError when the magic, version or size do not match
 */
export const readTableHeader = (
  bytes: Uint8Array,
  file: string,
  size: number,
  kind: TableKind
): { counts: number[]; sourceVersion: string } => {
  if (bytes.byteLength < TABLE_HEADER_BYTES) throw new IpDatabaseError(file, 'shorter than its 64-byte header');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, TABLE_HEADER_BYTES);
  if (buffer.toString('latin1', 0, 8) !== kind.magic)
    throw new IpDatabaseError(file, `not ${kind.name} (no ${kind.magic} magic); rebuild it with npm run build:ip-data`);
  const version = buffer.readUInt32LE(8);
  if (version !== kind.version)
    throw new IpDatabaseError(
      file,
      `format version ${version}, expected ${kind.version}; rebuild it with npm run build:ip-data`
    );
  const counts = Array.from({ length: kind.counts }, (_, i) => buffer.readUInt32LE(12 + 4 * i));
  const end = buffer.indexOf(0, 32);
  const sourceVersion = buffer.toString('latin1', 32, end < 0 || end > 64 ? 64 : end);
  const expected = kind.bytes(counts);
  if (size !== expected)
    throw new IpDatabaseError(file, `${size} bytes where its header declares ${expected}: truncated or corrupt`);
  return { counts, sourceVersion };
};

/**
 * A cursor over a table's sections after its header: u32 words as views over the table's own
 * buffer (no copy, so a SharedArrayBuffer stays shared), then bytes.
 * @param bytes - the whole table; copied once if it is not 4-byte aligned in its buffer (a file read or a SharedArrayBuffer is)
 */
export const tableSections = (bytes: Uint8Array): { take: (n: number) => Uint32Array; rest: (n: number) => Buffer } => {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  let at = aligned.byteOffset + TABLE_HEADER_BYTES;
  return {
    take: (n) => {
      const view = new Uint32Array(aligned.buffer, at, n);
      at += 4 * n;
      return view;
    },
    rest: (n) => Buffer.from(aligned.buffer, at, n),
  };
};

/**
 * Writes a table's header at the start of `out`.
 * @param out - the table, zero-filled
 * @param kind - which table it is
 * @param counts - its counts, in header order
 * @param sourceVersion - the source package's version (its first 32 characters are kept)
 */
export const writeTableHeader = (
  out: Buffer,
  kind: TableKind,
  counts: readonly number[],
  sourceVersion: string
): void => {
  out.write(kind.magic, 0, 'latin1');
  out.writeUInt32LE(kind.version, 8);
  for (const [i, n] of counts.entries()) out.writeUInt32LE(n, 12 + 4 * i);
  out.write(sourceVersion.slice(0, 32), 32, 'latin1');
};
