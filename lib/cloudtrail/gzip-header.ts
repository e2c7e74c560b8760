import { crc32 } from './crc32.js';

/** How far a gzip member header (RFC 1952 section 2.3) goes, or why it is not one. */
export type GzipHeaderParse =
  | { status: 'need-more' }
  | { status: 'ok'; length: number }
  | { status: 'bad'; detail: string };

const NEED_MORE: GzipHeaderParse = { status: 'need-more' };
const FTEXT_RESERVED = 0xe0;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/**
 * Parses a gzip member header (https://www.rfc-editor.org/rfc/rfc1952#section-2.3) the way
 * zlib's `inflate()` does with `windowBits = 31`, including the order in which it needs bytes: a
 * header cut short is "need more", never an error; `detail` is zlib's own message.
 * @param b - the bytes from the member's first byte on
 */
export const parseGzipHeader = (b: Buffer): GzipHeaderParse => {
  if (b.length < 2) return NEED_MORE;
  if (b[0] !== 0x1f || b[1] !== 0x8b) return { status: 'bad', detail: 'incorrect header check' };
  if (b.length < 4) return NEED_MORE;
  if (b[2] !== 8) return { status: 'bad', detail: 'unknown compression method' };
  const flags = b[3] as number;
  if (flags & FTEXT_RESERVED) return { status: 'bad', detail: 'unknown header flags set' };
  let p = 10;
  if (b.length < p) return NEED_MORE;
  if (flags & FEXTRA) {
    if (b.length < p + 2) return NEED_MORE;
    p += 2 + b.readUInt16LE(p);
    if (b.length < p) return NEED_MORE;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const nul = b.indexOf(0, p);
      if (nul < 0) return NEED_MORE;
      p = nul + 1;
    }
  }
  if (flags & FHCRC) {
    if (b.length < p + 2) return NEED_MORE;
    if (b.readUInt16LE(p) !== (crc32(b.subarray(0, p)) & 0xffff))
      return { status: 'bad', detail: 'header crc mismatch' };
    p += 2;
  }
  return { status: 'ok', length: p };
};
