/*
 * Field access on one record's raw JSON bytes without parsing the record. The reader has
 * already checked the structure (balanced brackets, closed strings), so a forward scan finds
 * a key's value in a fraction of a JSON.parse, and only that value is decoded. Positions are
 * plain numbers (no allocation per step). Grammar: https://www.rfc-editor.org/rfc/rfc8259
 */

import {
  BACKSLASH,
  COLON,
  COMMA,
  RBRACE as CLOSE_BRACE,
  RBRACKET as CLOSE_BRACKET,
  LBRACE as OPEN_BRACE,
  LBRACKET as OPEN_BRACKET,
  QUOTE,
} from '../../cloudtrail/json-bytes.js';

/** Index of the first byte at or after `i` that is not JSON whitespace. */
export const skipSpace = (b: Buffer, i: number): number => {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return i;
};

/** Index just after the string that opens at `i`. */
const skipString = (b: Buffer, i: number): number => {
  // Most strings in a record are short: a plain loop beats a native indexOf call on them;
  // long ones (user agents, policy documents) switch to indexOf.
  const n = b.length;
  const stop = Math.min(n, i + 48);
  let j = i + 1;
  for (; j < stop; j++) {
    const c = b[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  if (j >= n) return n;
  for (;;) {
    const q = b.indexOf(QUOTE, j);
    if (q < 0) return n;
    let slashes = 0;
    while (b[q - 1 - slashes] === BACKSLASH) slashes++;
    if ((slashes & 1) === 0) return q + 1;
    j = q + 1;
  }
};

/**
 * Index just after the value that starts at `i`.
 * @param b - the bytes
 * @param i - where the value starts
 */
export const skipValue = (b: Buffer, i: number): number => {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  const n = b.length;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < n; j++) {
      const d = b[j];
      if (d === QUOTE) j = skipString(b, j) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return n;
  }
  let j = i;
  for (; j < n; j++) {
    const d = b[j];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09)
      break;
  }
  return j;
};

/** Whether the bytes from `start` to `end` are `key`'s characters (ASCII keys). */
export const keyIs = (b: Buffer, start: number, end: number, key: string): boolean => {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key.charCodeAt(k)) return false;
  return true;
};

const hasEscape = (b: Buffer, start: number, end: number): boolean => {
  for (let k = start; k < end; k++) if (b[k] === BACKSLASH) return true;
  return false;
};

/**
 * Where the value of `key` starts in the object that starts at `object`, or -1 when the object
 * has no such key (or `object` is not an object). ASCII keys are compared byte for byte, keys
 * written with escapes are decoded first.
 * @param b - the bytes
 * @param object - index of the object's `{`
 * @param key - the key
 */
export const findKey = (b: Buffer, object: number, key: string): number => {
  if (b[object] !== OPEN_BRACE) return -1;
  let i = skipSpace(b, object + 1);
  while (b[i] === QUOTE) {
    const keyEnd = skipString(b, i);
    const hit = hasEscape(b, i + 1, keyEnd - 1)
      ? (JSON.parse(b.toString('utf8', i, keyEnd)) as string) === key
      : keyIs(b, i + 1, keyEnd - 1, key);
    i = skipSpace(b, keyEnd);
    if (b[i] !== COLON) return -1;
    const valueStart = skipSpace(b, i + 1);
    if (hit) return valueStart;
    i = skipSpace(b, skipValue(b, valueStart));
    if (b[i] !== COMMA) return -1;
    i = skipSpace(b, i + 1);
  }
  return -1;
};

/** Whether the value at `start` is an object. */
export const isObjectAt = (b: Buffer, start: number): boolean => b[start] === OPEN_BRACE;

/**
 * Decodes the value that starts at `start`. Strings without escapes are sliced directly.
 * @throws SyntaxError when the bytes are not a JSON value
 */
export const decodeAt = (b: Buffer, start: number): unknown => {
  if (b[start] === QUOTE) {
    const end = skipString(b, start);
    if (!hasEscape(b, start + 1, end - 1)) return b.toString('utf8', start + 1, end - 1);
    return JSON.parse(b.toString('utf8', start, end));
  }
  const end = skipValue(b, start);
  if (end - start === 4 && keyIs(b, start, end, 'true')) return true;
  if (end - start === 5 && keyIs(b, start, end, 'false')) return false;
  if (end - start === 4 && keyIs(b, start, end, 'null')) return null;
  return JSON.parse(b.toString('utf8', start, end));
};

/**
 * Whether the string value at `start` equals one of `values` (ASCII, no escapes), compared
 * byte for byte without decoding; `undefined` when the value is not a plain string.
 * @param b - the bytes
 * @param start - where the value starts
 * @param values - the candidates
 */
export const stringEqualsAt = (b: Buffer, start: number, values: readonly string[]): boolean | undefined => {
  if (b[start] !== QUOTE) return undefined;
  const end = skipString(b, start);
  if (hasEscape(b, start + 1, end - 1)) return undefined;
  for (const value of values) if (keyIs(b, start + 1, end - 1, value)) return true;
  return false;
};

/**
 * The members of one object in raw JSON bytes, found by a forward scan that goes only as far
 * as the keys asked for and remembers every key it passes: a record's fields are each looked
 * up from the start at most once in all, and an absent field costs one scan to the end however
 * many rules ask for it. One instance is reused for every record (`reset`); its lists keep
 * their capacity, so a lookup allocates nothing. Same result as {@link findKey}, including the
 * first of duplicate keys.
 */
export class ObjectMembers {
  #bytes: Buffer = Buffer.alloc(0);
  /** Where the scan goes on: the next key's quote, or -1 once the object's end (or a syntax error) was reached. */
  #next = -1;
  #count = 0;
  readonly #keyStart: number[] = [];
  readonly #keyEnd: number[] = [];
  readonly #valueStart: number[] = [];
  /** Whether each key is written with escapes (then compared decoded). */
  readonly #escaped: boolean[] = [];

  /**
   * Points at another object.
   * @param bytes - the bytes
   * @param object - index of the object's `{` (anything else: an object without members)
   */
  reset(bytes: Buffer, object: number): void {
    this.#bytes = bytes;
    this.#count = 0;
    this.#next = bytes[object] === OPEN_BRACE ? skipSpace(bytes, object + 1) : -1;
  }

  /**
   * Where the value of `key` starts, or -1 when the object has no such key.
   * @param key - the key
   */
  find(key: string): number {
    const b = this.#bytes;
    const count = this.#count;
    for (let k = 0; k < count; k++) if (this.#is(b, k, key)) return this.#valueStart[k] as number;
    let i = this.#next;
    while (i >= 0 && b[i] === QUOTE) {
      const keyEnd = skipString(b, i);
      let j = skipSpace(b, keyEnd);
      if (b[j] !== COLON) break;
      const valueStart = skipSpace(b, j + 1);
      const k = this.#count++;
      this.#keyStart[k] = i;
      this.#keyEnd[k] = keyEnd;
      this.#valueStart[k] = valueStart;
      this.#escaped[k] = hasEscape(b, i + 1, keyEnd - 1);
      j = skipSpace(b, skipValue(b, valueStart));
      this.#next = b[j] === COMMA ? skipSpace(b, j + 1) : -1;
      if (this.#is(b, k, key)) return valueStart;
      i = this.#next;
    }
    this.#next = -1;
    return -1;
  }

  #is(b: Buffer, k: number, key: string): boolean {
    const start = (this.#keyStart[k] as number) + 1;
    const end = (this.#keyEnd[k] as number) - 1;
    return this.#escaped[k]
      ? (JSON.parse(b.toString('utf8', start - 1, end + 1)) as string) === key
      : keyIs(b, start, end, key);
  }
}
