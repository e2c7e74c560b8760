import zlib from 'node:zlib';

const MIB = 1024 * 1024;

/**
 * A valid gzip member of `mib` MiB of zeros, about 1 KB per MiB, built without compressing them
 * all: one MiB deflated with a full flush (a byte-aligned block that is not the last and needs no
 * earlier window) is repeated, then the empty final block and the real CRC32 and length follow.
 * @param mib - MiB of output
 */
export const gzipBomb = (mib: number): Buffer => {
  const zeros = Buffer.alloc(MIB);
  const block = zlib.deflateRawSync(zeros, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = zlib.crc32(zeros, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mib * MIB) % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  return Buffer.concat([header, ...Array<Buffer>(mib).fill(block), zlib.deflateRawSync(Buffer.alloc(0)), trailer]);
};
