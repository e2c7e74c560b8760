import zlib from 'node:zlib';

/** The CRC-32 lookup table (the polynomial gzip and PNG use, reflected: 0xEDB88320). */
const crcTable = (): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
};
let table: Uint32Array | undefined;

/**
 * CRC-32 in JavaScript, as `zlib.crc32` computes it: for Node before 20.15, which has no
 * `zlib.crc32` (package.json allows Node from 20.6).
 * @param data - the bytes
 * @param value - the CRC of the bytes before them (0 to start)
 * @example
 * crc32InJs(Buffer.from('123456789'), 0) // 0xcbf43926
 */
export const crc32InJs = (data: Uint8Array, value = 0): number => {
  table ??= crcTable();
  let c = ~value >>> 0;
  for (const byte of data) c = (table[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
};

/**
 * CRC-32 (RFC 1952's, the gzip trailer's and header CRC's): Node's native `zlib.crc32` where this
 * Node has it (20.15 on), else {@link crc32InJs}.
 */
export const crc32: (data: Uint8Array, value?: number) => number =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : crc32InJs;
