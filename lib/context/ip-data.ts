import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readAsnTableHeader, ASN_TABLE_HEADER_BYTES } from './asn-table.js';
import { IP_DATA_FILES } from './constants.js';
import { COUNTRY_TABLE_HEADER_BYTES, readCountryTableHeader } from './country-table.js';
import { IpDatabaseError } from './errors.js';

/** The paths of the two IP database files. */
export type IpDataFiles = { readonly asn: string; readonly country: string };

/** The files' bytes, read once; SharedArrayBuffer-backed when worker threads share them. */
export type IpDataBytes = { readonly asn: Uint8Array; readonly country: Uint8Array };

/**
 * The files of an IP data folder (`.build/ip-data`, in a checkout and in each Lambda zip).
 * @param dir - the folder
 */
export const ipDataFiles = (dir: string): IpDataFiles => ({
  asn: join(dir, IP_DATA_FILES.asn),
  country: join(dir, IP_DATA_FILES.country),
});

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
 * Checks that each file exists and its header parses, reading only the headers (each table's
 * 64 bytes, checked against the file size). Run once at start-up.
 * @param files - the paths
 * @throws IpDatabaseError naming the first file that is missing or corrupt
 */
export const checkIpData = (files: IpDataFiles): void => {
  const check = (file: string, bytes: number, read: (header: Uint8Array, file: string, size: number) => unknown) => {
    const { fd, size } = openFile(file);
    try {
      const header = new Uint8Array(Math.min(size, bytes));
      readAt(fd, header, 0);
      read(header, file, size);
    } finally {
      closeSync(fd);
    }
  };
  check(files.asn, ASN_TABLE_HEADER_BYTES, readAsnTableHeader);
  check(files.country, COUNTRY_TABLE_HEADER_BYTES, readCountryTableHeader);
};

/**
 * Reads the two files whole.
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
  return { asn: read(files.asn), country: read(files.country) };
};
