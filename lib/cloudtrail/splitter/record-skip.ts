import { BACKSLASH, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from '../json-bytes.js';

/**
 * Walks over one record the splitter will not hand out (too large or too deep), across as many
 * chunks as it spans, keeping only a depth counter and the in-string and escape flags: memory
 * stays constant whatever the record's size or depth. Only the bytes decide where the record
 * ends; the brackets are counted, not matched (a record with mismatched brackets inside still
 * ends where its count returns to zero, and the splitter checks what follows).
 */
export class RecordSkip {
  /** The skipped record's position in `Records`. */
  readonly index: number;
  /** Where it starts in the decompressed stream (bytes). */
  readonly offset: number;
  #depth = 0;
  #inString = false;
  #escape = false;

  constructor(index: number, offset: number) {
    this.index = index;
    this.offset = offset;
  }

  /**
   * Walks `buf` from `from` (the record's `{` on the first call, the start of each later chunk).
   * @returns the index after the record's closing `}`, or -1 when the record goes on past `buf`
   */
  feed(buf: Buffer, from: number): number {
    const n = buf.length;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escape;
    let i = from;
    for (; i < n; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === 0) {
          this.#depth = 0;
          return i + 1;
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escape = escaped;
    return -1;
  }
}
