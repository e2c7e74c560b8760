import { BACKSLASH, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from '../json-bytes.js';
import type { RecordHead } from '../record-view.js';
import { type HeadField, setHead, IDENTITY_KEYS, matchKey } from './head-fields.js';

/** Open brackets of the value being skipped; a record nested deeper than this is skipped as `too-deep`. */
export const NESTING = new Uint8Array(512);

/** {@link skipContainer}: the value continues past the buffer. */
export const CONTINUES = -1;
/** {@link skipContainer}: the brackets do not match (the file's structure is broken). */
export const UNBALANCED = -2;
/** {@link skipContainer}: the value nests deeper than {@link NESTING} allows. */
export const TOO_DEEP = -3;

/** How far the byte loop looks for a closing quote before handing over to the native indexOf. */
export const SHORT_STRING = 32;

/**
 * Index of the quote closing the string whose content starts at `from`, or -1 if not in `buf`.
 * Most CloudTrail strings are short: a plain loop beats a native call for them; long ones
 * (tokens, user agents, policies) go to `indexOf`.
 */
export const stringEnd = (buf: Buffer, from: number): number => {
  const n = buf.length;
  const limit = Math.min(n, from + SHORT_STRING);
  let j = from;
  while (j < limit) {
    const b = buf[j] as number;
    if (b === QUOTE) return j;
    j += b === BACKSLASH ? 2 : 1;
  }
  if (j >= n) return -1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q < 0) return -1;
    let k = q - 1;
    while (buf[k] === BACKSLASH) k--;
    // an even number of backslashes before the quote means it is not escaped
    if ((q - 1 - k) % 2 === 0) return q;
    j = q + 1;
  }
};

/**
 * Reads the userIdentity object opening at `open` into the head (type, arn, invokedBy,
 * accountId), skipping its nested objects. Returns as {@link skipContainer} does.
 */
export const scanIdentity = (buf: Buffer, open: number, head: RecordHead): number => {
  const n = buf.length;
  let expectKey = true;
  let field: HeadField | undefined;
  let i = open + 1;
  while (i < n) {
    const c = buf[i] as number;
    if (c === QUOTE) {
      const end = stringEnd(buf, i + 1);
      if (end < 0) return -1;
      if (expectKey) {
        field = matchKey(IDENTITY_KEYS, buf, i + 1, end);
        expectKey = false;
      } else if (field !== undefined) {
        setHead(head, field, internedValue(buf, i, end));
        field = undefined;
      }
      i = end + 1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      const end = skipContainer(buf, i);
      if (end < 0) return end;
      field = undefined;
      i = end;
      continue;
    }
    if (c === RBRACE) return i + 1;
    if (c === RBRACKET) return -2;
    if (c === COMMA) expectKey = true;
    i++;
  }
  return -1;
};

/**
 * Skips the object or array opening at `open`: returns the index after its close,
 * {@link CONTINUES} (-1) when it continues past `buf`, {@link UNBALANCED} (-2) when its brackets
 * do not match, {@link TOO_DEEP} (-3) when it nests deeper than {@link NESTING} (the brackets
 * may still match: the record is skipped, not the file). Strings are skipped whole; the contents
 * are checked when something parses the record.
 */
export const skipContainer = (buf: Buffer, open: number): number => {
  const n = buf.length;
  const stack = NESTING;
  let depth = 0;
  stack[depth++] = buf[open] as number;
  let i = open + 1;
  while (i < n) {
    const c = buf[i] as number;
    if (c === QUOTE) {
      const end = stringEnd(buf, i + 1);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (depth === stack.length) return TOO_DEEP;
      stack[depth++] = c;
    } else if (c === RBRACE || c === RBRACKET) {
      if (stack[--depth] !== (c === RBRACE ? LBRACE : LBRACKET)) return -2;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
};

/** The value of the string between the quotes at `open` and `close`. */
export const stringValue = (buf: Buffer, open: number, close: number): string => {
  const raw = buf.toString('utf8', open + 1, close);
  return raw.includes('\\') ? (JSON.parse(buf.toString('utf8', open, close + 1)) as string) : raw;
};

/** Values repeat (eventSource, eventName, region…): keep the strings, keyed by a hash of their bytes. */
export const INTERNED = new Map<number, { bytes: Buffer; value: string }>();
export const MAX_INTERNED = 50_000;
export const MAX_INTERNED_LENGTH = 64;

/** Like {@link stringValue}, but returns the same string for the same bytes without decoding them again. */
export const internedValue = (buf: Buffer, open: number, close: number): string => {
  const length = close - open - 1;
  if (length > MAX_INTERNED_LENGTH) return stringValue(buf, open, close);
  let hash = 0x811c9dc5 ^ length;
  for (let k = open + 1; k < close; k++) hash = Math.imul(hash ^ (buf[k] as number), 0x01000193);
  // The kept string for these bytes under `hash`, after checking the bytes; decoded and kept on a miss.
  const hit = INTERNED.get(hash);
  if (hit !== undefined && hit.bytes.length === length) {
    let k = 0;
    while (k < length && hit.bytes[k] === buf[open + 1 + k]) k++;
    if (k === length) return hit.value;
  }
  const value = stringValue(buf, open, close);
  if (INTERNED.size < MAX_INTERNED) INTERNED.set(hash, { bytes: Buffer.from(buf.subarray(open + 1, close)), value });
  return value;
};
