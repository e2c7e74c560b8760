import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from '../../cloudtrail/json-bytes.js';
import { keyIs, skipSpace } from './raw-json.js';
import type { RecordAccess } from './record-access.js';

/**
 * Index just after the string that opens at `i`, when it holds no escape and no control byte
 * (so it decodes to its bytes, and JSON.parse would accept it); -1 otherwise.
 */
const plainStringEnd = (b: Buffer, i: number): number => {
  const n = b.length;
  for (let j = i + 1; j < n; j++) {
    const c = b[j] as number;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH || c < 0x20) return -1;
  }
  return -1;
};

/**
 * Adds the `ARN` of each element of `resources` to `into` straight from the raw bytes, for the
 * usual shape: an array of objects whose members are all plain strings (no escapes). Returns
 * false at anything else, having added only ARNs that the decoded value also gives.
 */
const scanArns = (b: Buffer, start: number, into: Set<string>): boolean => {
  if (b[start] !== LBRACKET) return false;
  let i = skipSpace(b, start + 1);
  if (b[i] === RBRACKET) return true;
  for (;;) {
    if (b[i] !== LBRACE) return false;
    i = skipSpace(b, i + 1);
    // The last ARN member wins, as JSON.parse keeps the last of duplicate keys.
    let arnStart = -1;
    let arnEnd = -1;
    if (b[i] !== RBRACE)
      for (;;) {
        if (b[i] !== QUOTE) return false;
        const keyEnd = plainStringEnd(b, i);
        if (keyEnd < 0) return false;
        const isArn = keyIs(b, i + 1, keyEnd - 1, 'ARN');
        i = skipSpace(b, keyEnd);
        if (b[i] !== COLON) return false;
        i = skipSpace(b, i + 1);
        if (b[i] !== QUOTE) return false;
        const valueEnd = plainStringEnd(b, i);
        if (valueEnd < 0) return false;
        if (isArn) {
          arnStart = i + 1;
          arnEnd = valueEnd - 1;
        }
        i = skipSpace(b, valueEnd);
        if (b[i] === RBRACE) break;
        if (b[i] !== COMMA) return false;
        i = skipSpace(b, i + 1);
      }
    if (arnStart >= 0) into.add(b.toString('utf8', arnStart, arnEnd));
    i = skipSpace(b, i + 1);
    if (b[i] === RBRACKET) return true;
    if (b[i] !== COMMA) return false;
    i = skipSpace(b, i + 1);
  }
};

/**
 * Adds the ARNs of the current record's `resources` to `into`, as
 * `for (const r of access.field('resources')) if (typeof r?.ARN === 'string') into.add(r.ARN)`
 * does (nothing when `resources` is absent or no array), without decoding the array when it has
 * the shape CloudTrail writes (objects of plain strings): only the ARN strings are made.
 * @param access - the record
 * @param into - the set the ARNs go to
 */
export const addResourceArns = (access: RecordAccess, into: Set<string>): void => {
  const start = access.rawStart('resources');
  if (start === -1) return;
  const bytes = access.rawBytes();
  if (start !== undefined && bytes !== undefined && scanArns(bytes, start, into)) return;
  const resources = access.field('resources');
  if (Array.isArray(resources))
    for (const resource of resources) if (typeof resource?.ARN === 'string') into.add(resource.ARN);
};
