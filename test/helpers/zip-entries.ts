import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** One entry of a zip: name, uncompressed size, and its bytes on demand. */
export type ZipEntry = { name: string; size: number; content: () => Buffer };

/**
 * The entries of a zip, read from its central directory (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
 * stored (method 0) and deflated (method 8) entries, no zip64.
 */
export const zipEntries = (zip: Buffer): ZipEntry[] => {
  // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end -= 1;
  if (end < 0) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`bad central directory header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (size === 0xffffffff) throw new Error('zip64 entries are not read here');
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      size,
      content: () => {
        if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error(`${name}: bad local header at ${local}`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${name}: compression method ${method} is not read here`);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};
