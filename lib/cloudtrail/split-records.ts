import { isUtf8 } from 'node:buffer';
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.js';
import type { RecordHead, RecordView } from './record-view.js';
import type { CloudTrailRecord } from '../model/record.js';
import {
  INCOMPLETE,
  MALFORMED,
  MAX_MEMBERS,
  VALUE_LITERAL,
  VALUE_STRING,
  type WasmScanner,
  wasmScanner,
} from './wasm-scanner.js';

/*
 * A byte-level splitter for `{"Records":[{…},{…}]}`. It walks the structure once (jumping over
 * string contents with a native indexOf), hands out each record as a zero-copy slice, and
 * pulls the record's top-level head fields on the way, so counting and rule indexing never
 * need a full JSON.parse. Nothing is kept between records but the unfinished tail of a chunk.
 */

/** Bytes allowed outside strings: white space, structure, and the letters of numbers and literals. */
const ALLOWED = new Uint8Array(256);
for (const c of ' \t\r\n{}[],:-+.0123456789eEtrufalsn') ALLOWED[c.charCodeAt(0)] = 1;

/** The head field number of `userIdentity`, an object whose own members are extracted. */
const USER_IDENTITY = 14;

/** Head fields by key, numbered so a store is a switch, not a keyed (megamorphic) write. */
const HEAD_FIELDS = new Map<string, number>([
  ['eventVersion', 0],
  ['eventTime', 1],
  ['eventSource', 2],
  ['eventName', 3],
  ['eventType', 4],
  ['eventCategory', 5],
  ['awsRegion', 6],
  ['recipientAccountId', 7],
  ['errorCode', 8],
  ['eventID', 9],
  ['eventId', 9],
  ['readOnly', 10],
  ['managementEvent', 11],
  ['userAgent', 12],
  ['sourceIPAddress', 13],
  ['userIdentity', USER_IDENTITY],
]);
type HeadField = number;

/** The userIdentity members the head carries (rules that look at every event read these). */
const IDENTITY_FIELDS = new Map<string, number>([
  ['type', 20],
  ['arn', 21],
  ['invokedBy', 22],
  ['accountId', 23],
]);

/** A head with every field present from the start: one hidden class for all records. */
const newHead = (): RecordHead => ({
  eventVersion: undefined,
  eventTime: undefined,
  eventSource: undefined,
  eventName: undefined,
  eventType: undefined,
  eventCategory: undefined,
  awsRegion: undefined,
  recipientAccountId: undefined,
  errorCode: undefined,
  eventID: undefined,
  readOnly: undefined,
  managementEvent: undefined,
  userAgent: undefined,
  sourceIPAddress: undefined,
  userIdentityType: undefined,
  userIdentityArn: undefined,
  userIdentityInvokedBy: undefined,
  userIdentityAccountId: undefined,
});

const setHead = (head: RecordHead, field: HeadField, value: string | boolean): void => {
  switch (field) {
    case 0:
      head.eventVersion = value as string;
      break;
    case 1:
      head.eventTime = value as string;
      break;
    case 2:
      head.eventSource = value as string;
      break;
    case 3:
      head.eventName = value as string;
      break;
    case 4:
      head.eventType = value as string;
      break;
    case 5:
      head.eventCategory = value as string;
      break;
    case 6:
      head.awsRegion = value as string;
      break;
    case 7:
      head.recipientAccountId = value as string;
      break;
    case 8:
      head.errorCode = value as string;
      break;
    case 9:
      head.eventID = value as string;
      break;
    case 10:
      head.readOnly = value as boolean;
      break;
    case 11:
      head.managementEvent = value as boolean;
      break;
    case 12:
      head.userAgent = value as string;
      break;
    case 13:
      head.sourceIPAddress = value as string;
      break;
    case 20:
      head.userIdentityType = value as string;
      break;
    case 21:
      head.userIdentityArn = value as string;
      break;
    case 22:
      head.userIdentityInvokedBy = value as string;
      break;
    case 23:
      head.userIdentityAccountId = value as string;
      break;
  }
};

/** Keys grouped by length, as bytes, for an allocation-free comparison. */
type KeyTable = Array<Array<[Uint8Array, HeadField]> | undefined>;
const keyTable = (fields: Map<string, number>): KeyTable => {
  const table: KeyTable = [];
  for (const [key, field] of fields) {
    table[key.length] ??= [];
    table[key.length]?.push([Buffer.from(key, 'latin1'), field]);
  }
  return table;
};
const HEAD_KEYS = keyTable(HEAD_FIELDS);
const IDENTITY_KEYS = keyTable(IDENTITY_FIELDS);

/** The field named by the key bytes `buf[start, end)` in `table`, or undefined. */
const matchKey = (table: KeyTable, buf: Buffer, start: number, end: number): HeadField | undefined => {
  const group = table[end - start];
  if (group === undefined) return undefined;
  for (const [bytes, field] of group) {
    let k = 0;
    while (k < bytes.length && bytes[k] === buf[start + k]) k++;
    if (k === bytes.length) return field;
  }
  return undefined;
};

let keysSet = false;
/** The shared WebAssembly scanner, told once which keys make the head. */
const configuredScanner = (): WasmScanner | null => {
  const wasm = wasmScanner();
  if (wasm && !keysSet) {
    wasm.setKeys(0, HEAD_FIELDS, USER_IDENTITY);
    wasm.setKeys(1, IDENTITY_FIELDS, USER_IDENTITY);
    keysSet = true;
  }
  return wasm;
};

/** Records larger than this are refused (CloudTrail's own limit is 256 KB, 1 MB in Lake). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Structural damage: the splitter cannot go on. */
export class SplitError extends Error {
  readonly offset: number;
  readonly kind: 'invalid-json' | 'not-cloudtrail';
  constructor(kind: 'invalid-json' | 'not-cloudtrail', message: string, offset: number) {
    super(message);
    this.name = 'SplitError';
    this.kind = kind;
    this.offset = offset;
  }
}

/** A record whose bytes could not be turned into a record (the file goes on). */
export class RecordParseError extends Error {
  readonly index: number;
  readonly offset: number;
  readonly reason: 'invalid-json' | 'invalid-utf8';
  constructor(
    reason: 'invalid-json' | 'invalid-utf8',
    message: string,
    index: number,
    offset: number,
    options?: ErrorOptions
  ) {
    super(message, options);
    this.name = 'RecordParseError';
    this.reason = reason;
    this.index = index;
    this.offset = offset;
  }
}

/**
 * V8's JSON.parse messages quote the text around the error (`Unexpected token 'x', ..."ssword":"hun"...
 * is not valid JSON`): record content, secrets included, that must not reach summaries and logs.
 */
const withoutExcerpt = (message: string): string =>
  message.replace(/^(?:(.*?),? )?(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, (_, cause: string | undefined) =>
    cause ? `${cause} (not valid JSON)` : 'not valid JSON'
  );

class SlicedRecord implements RecordView {
  readonly head: RecordHead;
  readonly index: number;
  readonly offset: number;
  readonly #bytes: Buffer;
  #parsed: CloudTrailRecord | undefined;

  constructor(bytes: Buffer, head: RecordHead, index: number, offset: number) {
    this.#bytes = bytes;
    this.head = head;
    this.index = index;
    this.offset = offset;
  }

  record(): CloudTrailRecord {
    if (this.#parsed === undefined) {
      try {
        this.#parsed = JSON.parse(this.#bytes.toString('utf8')) as CloudTrailRecord;
      } catch (error) {
        throw new RecordParseError(
          'invalid-json',
          `record ${this.index} at offset ${this.offset}: ${withoutExcerpt((error as Error).message)}`,
          this.index,
          this.offset,
          { cause: error }
        );
      }
    }
    return this.#parsed;
  }

  /** The raw bytes (UTF-8 JSON) of the record. */
  bytes(): Buffer {
    return this.#bytes;
  }
}

/** What the splitter reports for a record it could not hand out. */
export type SplitRecordProblem = { index: number; offset: number; reason: 'invalid-utf8'; message: string };

/**
 * Incremental splitter: feed decompressed chunks with {@link RecordSplitter.push}, then call
 * {@link RecordSplitter.end}. Records are delivered synchronously to `onRecord` in file order.
 *
 * The structure is checked (balanced brackets, strings closed, only JSON tokens between them,
 * a `Records` array at the top); a record's inner values are only fully checked when something
 * parses it. Records with invalid UTF-8 are reported to `onProblem` and skipped.
 *
 * @example
 * const splitter = new RecordSplitter((view) => counts.add(view.head), (p) => problems.push(p));
 * for await (const chunk of gunzipped) splitter.push(chunk);
 * splitter.end();
 */
export class RecordSplitter {
  readonly #onRecord: (view: RecordView) => void;
  readonly #onProblem: (problem: SplitRecordProblem) => void;
  /** Unprocessed bytes carried from the previous chunk (an unfinished record or token). */
  #carry: Buffer | undefined;
  /** Offset in the whole stream of the first byte of the buffer being scanned. */
  #base = 0;
  /** Bracket stack (LBRACE / LBRACKET) for the levels above a record. */
  #outer: number[] = [];
  #expectKey = false;
  #lastKey = '';
  #recordsArrayDepth = -1;
  #sawRecords = false;
  #done = false;
  #records = 0;

  /** The WebAssembly scanner, or null to walk records in JavaScript. */
  readonly #wasm: WasmScanner | null;

  /**
   * @param onRecord - receives each record, in file order
   * @param onProblem - receives records that were skipped (invalid UTF-8)
   * @param options - `engine: 'js'` walks records in JavaScript even where WebAssembly works
   *   (both give the same records; the tests compare them)
   */
  constructor(
    onRecord: (view: RecordView) => void,
    onProblem: (problem: SplitRecordProblem) => void = () => {},
    options: { engine?: 'wasm' | 'js' } = {}
  ) {
    this.#onRecord = onRecord;
    this.#onProblem = onProblem;
    this.#wasm = options.engine === 'js' ? null : configuredScanner();
  }

  /** Records handed out so far. */
  get records(): number {
    return this.#records;
  }

  /** Bytes fully consumed so far (the offset where an error would be reported). */
  get consumed(): number {
    return this.#base;
  }

  /**
   * Scans one chunk of decompressed bytes.
   * @throws SplitError on structural damage, with the stream offset
   */
  push(chunk: Buffer): void {
    let rest = chunk;
    const carry = this.#carry;
    if (carry !== undefined) {
      // Finish the token left over from the last chunk by joining it with as little of this
      // chunk as needed, instead of copying the whole chunk.
      this.#carry = undefined;
      let take = Math.min(chunk.length, Math.max(64 * 1024, carry.length));
      for (;;) {
        const joined = Buffer.concat([carry, chunk.subarray(0, take)]);
        const stop = this.#scan(joined);
        if (take === chunk.length) {
          this.#keep(joined, stop);
          return;
        }
        if (stop > carry.length) {
          this.#base += stop;
          rest = chunk.subarray(stop - carry.length);
          break;
        }
        take = Math.min(chunk.length, take * 2);
      }
    }
    this.#keep(rest, this.#scan(rest));
  }

  /** Advances past `stop` and keeps what follows it (an unfinished token) for the next chunk. */
  #keep(buf: Buffer, stop: number): void {
    if (stop < buf.length) {
      if (buf.length - stop > MAX_RECORD_BYTES) {
        throw new SplitError('invalid-json', `record larger than ${MAX_RECORD_BYTES} bytes`, this.#base + stop);
      }
      this.#carry = buf.subarray(stop);
    }
    this.#base += stop;
  }

  /**
   * Ends the stream.
   * @throws SplitError when the JSON is unfinished or holds no Records array
   */
  end(): void {
    if (this.#carry !== undefined && this.#carry.length > 0) {
      throw new SplitError('invalid-json', 'unexpected end of JSON inside a record or token', this.#base);
    }
    if (!this.#sawRecords) {
      throw new SplitError('not-cloudtrail', 'no top-level "Records" array', this.#base);
    }
    if (!this.#done) {
      throw new SplitError('invalid-json', 'unexpected end of JSON: the Records document is not closed', this.#base);
    }
  }

  /** Scans `buf` and returns where it stopped: buf.length, or the start of an unfinished record/token. */
  #scan(buf: Buffer): number {
    const n = buf.length;
    const wasm = this.#wasm !== null && n <= this.#wasm.capacity ? this.#wasm : null;
    wasm?.load(buf);
    const outer = this.#outer;
    let i = 0;
    while (i < n) {
      const c = buf[i] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      if (this.#done) {
        throw new SplitError('invalid-json', `unexpected data after the end of the JSON document`, this.#base + i);
      }
      if (c === LBRACE && outer.length === this.#recordsArrayDepth) {
        const end = wasm ? this.#scanRecordWasm(wasm, buf, i) : this.#scanRecord(buf, i);
        if (end < 0) return i;
        i = end;
        continue;
      }
      if (c === QUOTE) {
        const end = stringEnd(buf, i + 1);
        if (end < 0) return i;
        if (this.#expectKey) {
          this.#lastKey = buf.toString('utf8', i + 1, end);
          this.#expectKey = false;
        }
        i = end + 1;
        continue;
      }
      if (outer.length === 0 && c !== LBRACE) {
        throw new SplitError(
          'not-cloudtrail',
          `expected a JSON object, found '${String.fromCharCode(c)}'`,
          this.#base + i
        );
      }
      switch (c) {
        case LBRACE:
          outer.push(LBRACE);
          this.#expectKey = true;
          break;
        case LBRACKET:
          outer.push(LBRACKET);
          if (outer.length === 2 && this.#lastKey === 'Records') {
            this.#recordsArrayDepth = 2;
            this.#sawRecords = true;
          }
          break;
        case RBRACE:
        case RBRACKET: {
          const open = outer.pop();
          if (open !== (c === RBRACE ? LBRACE : LBRACKET)) {
            throw new SplitError('invalid-json', `unbalanced '${String.fromCharCode(c)}'`, this.#base + i);
          }
          if (outer.length < this.#recordsArrayDepth) this.#recordsArrayDepth = -1;
          if (outer.length === 0) this.#done = true;
          break;
        }
        case COMMA:
          this.#expectKey = outer[outer.length - 1] === LBRACE;
          break;
        case COLON:
          break;
        default:
          if (ALLOWED[c] !== 1) {
            throw new SplitError('invalid-json', `unexpected byte 0x${c.toString(16)}`, this.#base + i);
          }
      }
      i++;
    }
    return n;
  }

  /**
   * Scans one record starting at its `{`, extracting head fields from its top level and
   * skipping nested values in a tight loop. Returns the index after its closing `}`, or -1
   * when the record continues in the next chunk.
   */
  #scanRecord(buf: Buffer, start: number): number {
    const n = buf.length;
    const head = newHead();
    let expectKey = true;
    let field: HeadField | undefined;
    let i = start + 1;
    while (i < n) {
      const c = buf[i] as number;
      if (c === QUOTE) {
        const end = stringEnd(buf, i + 1);
        if (end < 0) return -1;
        if (expectKey) {
          field = matchKey(HEAD_KEYS, buf, i + 1, end);
          expectKey = false;
        } else if (field !== undefined) {
          setHead(head, field, field === 1 || field === 9 ? stringValue(buf, i, end) : internedValue(buf, i, end));
          field = undefined;
        }
        i = end + 1;
        continue;
      }
      switch (c) {
        case LBRACE:
        case LBRACKET: {
          const end = field === USER_IDENTITY && c === LBRACE ? scanIdentity(buf, i, head) : skipContainer(buf, i);
          field = undefined;
          if (end === -1) return -1;
          if (end === -2)
            throw new SplitError('invalid-json', `unbalanced brackets in record ${this.#records}`, this.#base + i);
          i = end;
          continue;
        }
        case RBRACE:
          this.#emit(buf.subarray(start, i + 1), head, start);
          return i + 1;
        case RBRACKET:
          throw new SplitError('invalid-json', `unbalanced ']' in record ${this.#records}`, this.#base + i);
        case COMMA:
          expectKey = true;
          break;
        case 0x74: // t
        case 0x66: // f
          if (field !== undefined) {
            setHead(head, field, c === 0x74);
            field = undefined;
          }
          break;
        default:
          if (ALLOWED[c] !== 1) {
            throw new SplitError(
              'invalid-json',
              `unexpected byte 0x${c.toString(16)} in record ${this.#records}`,
              this.#base + i
            );
          }
      }
      i++;
    }
    return -1;
  }

  /**
   * {@link RecordSplitter.#scanRecord} with the structure walked by WebAssembly: the scanner
   * reports each member's key and value span, and only head keys are compared and decoded here.
   */
  #scanRecordWasm(wasm: WasmScanner, buf: Buffer, start: number): number {
    const end = wasm.scanRecord(start, buf.length);
    if (end === INCOMPLETE) return -1;
    if (end === MALFORMED) {
      throw new SplitError('invalid-json', `malformed JSON in record ${this.#records}`, this.#base + wasm.errorAt());
    }
    const head = newHead();
    const f = wasm.found;
    const count = Math.min(wasm.foundCount(), MAX_MEMBERS) * 5;
    for (let k = 0; k < count; k += 5) {
      const field = f[k] as number;
      const valueStart = f[k + 1] as number;
      const kind = f[k + 3] as number;
      if (kind === VALUE_STRING) {
        const close = (f[k + 2] as number) - 1;
        setHead(
          head,
          field,
          field === 1 || field === 9
            ? stringValue(buf, valueStart, close)
            : internedByHash(buf, valueStart, close, f[k + 4] as number)
        );
      } else if (kind === VALUE_LITERAL && (buf[valueStart] === 0x74 || buf[valueStart] === 0x66)) {
        setHead(head, field, buf[valueStart] === 0x74);
      }
    }
    this.#emit(buf.subarray(start, end), head, start);
    return end;
  }

  #emit(bytes: Buffer, head: RecordHead, start: number): void {
    const index = this.#records++;
    const offset = this.#base + start;
    if (!isUtf8(bytes)) {
      this.#onProblem({
        index,
        offset,
        reason: 'invalid-utf8',
        message: `record ${index} at offset ${offset} is not valid UTF-8`,
      });
      return;
    }
    this.#onRecord(new SlicedRecord(bytes, head, index, offset));
  }
}

/** Open brackets of the value being skipped; deeper nesting than this is refused as invalid. */
const NESTING = new Uint8Array(512);

/** How far the byte loop looks for a closing quote before handing over to the native indexOf. */
const SHORT_STRING = 32;

/**
 * Index of the quote closing the string whose content starts at `from`, or -1 if not in `buf`.
 * Most CloudTrail strings are short: a plain loop beats a native call for them; long ones
 * (tokens, user agents, policies) go to `indexOf`.
 */
const stringEnd = (buf: Buffer, from: number): number => {
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
const scanIdentity = (buf: Buffer, open: number, head: RecordHead): number => {
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
 * Skips the object or array opening at `open`: returns the index after its close, -1 when it
 * continues past `buf`, -2 when its brackets do not match. Strings are skipped whole; the
 * contents are checked when something parses the record.
 */
const skipContainer = (buf: Buffer, open: number): number => {
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
      if (depth === stack.length) return -2;
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
const stringValue = (buf: Buffer, open: number, close: number): string => {
  const raw = buf.toString('utf8', open + 1, close);
  return raw.includes('\\') ? (JSON.parse(buf.toString('utf8', open, close + 1)) as string) : raw;
};

/** Values repeat (eventSource, eventName, region…): keep the strings, keyed by a hash of their bytes. */
const INTERNED = new Map<number, { bytes: Buffer; value: string }>();
const MAX_INTERNED = 50_000;
const MAX_INTERNED_LENGTH = 64;

/** Strings of the WebAssembly path, keyed by the scanner's hash of their bytes. */
const INTERNED_WASM = new Map<number, { bytes: Buffer; value: string }>();

/** Like {@link internedValue}, with the hash the WebAssembly scanner computed. */
const internedByHash = (buf: Buffer, open: number, close: number, hash: number): string =>
  close - open - 1 > MAX_INTERNED_LENGTH
    ? stringValue(buf, open, close)
    : interned(INTERNED_WASM, hash, buf, open, close);

/** Like {@link stringValue}, but returns the same string for the same bytes without decoding them again. */
const internedValue = (buf: Buffer, open: number, close: number): string => {
  const length = close - open - 1;
  if (length > MAX_INTERNED_LENGTH) return stringValue(buf, open, close);
  let hash = 0x811c9dc5 ^ length;
  for (let k = open + 1; k < close; k++) hash = Math.imul(hash ^ (buf[k] as number), 0x01000193);
  return interned(INTERNED, hash, buf, open, close);
};

/** The kept string for these bytes under `hash`, after checking the bytes; decodes and keeps it on a miss. */
const interned = (
  table: Map<number, { bytes: Buffer; value: string }>,
  hash: number,
  buf: Buffer,
  open: number,
  close: number
): string => {
  const length = close - open - 1;
  const hit = table.get(hash);
  if (hit !== undefined && hit.bytes.length === length) {
    let k = 0;
    while (k < length && hit.bytes[k] === buf[open + 1 + k]) k++;
    if (k === length) return hit.value;
  }
  const value = stringValue(buf, open, close);
  if (table.size < MAX_INTERNED) table.set(hash, { bytes: Buffer.from(buf.subarray(open + 1, close)), value });
  return value;
};
