import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readAsnTableHeader, ASN_TABLE_HEADER_BYTES } from './asn-table.js';
import { IP_DATA_FILES } from './constants.js';
import { IpDatabaseError } from './errors.js';

/** The paths of the three IP database files. */
export type IpDataFiles = { readonly asn: string; readonly countryV4: string; readonly countryV6: string };

/** The files' bytes, read once; SharedArrayBuffer-backed when worker threads share them. */
export type IpDataBytes = { readonly asn: Uint8Array; readonly countryV4: Uint8Array; readonly countryV6: Uint8Array };

/**
 * The files of an IP data folder (`.build/ip-data`, in a checkout and in each Lambda zip).
 * @param dir - the folder
 */
export const ipDataFiles = (dir: string): IpDataFiles => ({
  asn: join(dir, IP_DATA_FILES.asn),
  countryV4: join(dir, IP_DATA_FILES.countryV4),
  countryV6: join(dir, IP_DATA_FILES.countryV6),
});

/** The MMDB metadata marker (MaxMind DB format spec, "Database Metadata"). */
const MMDB_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');
/** The metadata sits within the last 128 KiB of an MMDB file. */
const MMDB_TAIL = 128 * 1024;

const openFile = (file: string): { fd: number; size: number } => {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IpDatabaseError(
      file,
      code === 'ENOENT' ? 'missing; build it with npm run build:ip-data (docs/context.md)' : `cannot be read (${code})`,
      { cause: error }
    );
  }
  return { fd, size: fstatSync(fd).size };
};

const readAt = (fd: number, into: Uint8Array, position: number): void => {
  let done = 0;
  while (done < into.byteLength) {
    const n = readSync(fd, into, done, into.byteLength - done, position + done);
    if (n === 0) break;
    done += n;
  }
};

/**
 * Checks that each file exists and its header parses, reading only the headers (the ASN
 * table's 64 bytes against the file size; each MMDB file's metadata block). Run once at start-up.
 * @param files - the paths
 * @throws IpDatabaseError naming the first file that is missing or corrupt
 */
export const checkIpData = (files: IpDataFiles): void => {
  const asn = openFile(files.asn);
  try {
    const header = new Uint8Array(Math.min(asn.size, ASN_TABLE_HEADER_BYTES));
    readAt(asn.fd, header, 0);
    readAsnTableHeader(header, files.asn, asn.size);
  } finally {
    closeSync(asn.fd);
  }
  for (const file of [files.countryV4, files.countryV6]) {
    const mmdb = openFile(file);
    try {
      const tail = Buffer.alloc(Math.min(mmdb.size, MMDB_TAIL));
      readAt(mmdb.fd, tail, mmdb.size - tail.length);
      const marker = tail.lastIndexOf(MMDB_MARKER);
      if (marker < 0) throw new IpDatabaseError(file, 'not a MaxMind DB: no metadata marker in its last 128 KiB');
      const metadata = tail.subarray(marker + MMDB_MARKER.length);
      // The metadata is a map (control byte type 7) naming at least these keys.
      if (
        (metadata[0] ?? 0) >>> 5 !== 7 ||
        !['node_count', 'record_size', 'ip_version'].every((k) => metadata.includes(k))
      )
        throw new IpDatabaseError(file, 'not a MaxMind DB: its metadata does not parse');
    } finally {
      closeSync(mmdb.fd);
    }
  }
};

/**
 * Reads the three files whole.
 * @param files - the paths
 * @param options - `shared`: into SharedArrayBuffers, to hand to worker threads without a copy
 * @throws IpDatabaseError when a file is missing or unreadable
 */
export const readIpData = (files: IpDataFiles, options: { shared?: boolean } = {}): IpDataBytes => {
  const read = (file: string): Uint8Array => {
    const { fd, size } = openFile(file);
    try {
      const bytes = options.shared
        ? new Uint8Array(new SharedArrayBuffer(size))
        : new Uint8Array(new ArrayBuffer(size));
      readAt(fd, bytes, 0);
      return bytes;
    } finally {
      closeSync(fd);
    }
  };
  return { asn: read(files.asn), countryV4: read(files.countryV4), countryV6: read(files.countryV6) };
};
