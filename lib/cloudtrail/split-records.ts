import { isUtf8 } from 'node:buffer';
import type { RecordHead, RecordView } from './record-view.js';
import type { CloudTrailRecord } from './types.js';

/*
 * A byte-level splitter for `{"Records":[{…},{…}]}`. It walks the structure once (jumping over
 * string contents with a native indexOf), hands out each record as a zero-copy slice, and
 * pulls the record's top-level head fields on the way, so counting and rule indexing never
 * need a full JSON.parse. Nothing is kept between records but the unfinished tail of a chunk.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Bytes allowed outside strings: white space, structure, and the letters of numbers and literals. */
const ALLOWED = new Uint8Array(256);
for (const c of ' \t\r\n{}[],:-+.0123456789eEtrufalsn') ALLOWED[c.charCodeAt(0)] = 1;

/** Head fields by key; the value says whether the JSON value is a string or a boolean. */
const HEAD_FIELDS = new Map<string, keyof RecordHead>([
  ['eventVersion', 'eventVersion'],
  ['eventTime', 'eventTime'],
  ['eventSource', 'eventSource'],
  ['eventName', 'eventName'],
  ['eventType', 'eventType'],
  ['eventCategory', 'eventCategory'],
  ['awsRegion', 'awsRegion'],
  ['recipientAccountId', 'recipientAccountId'],
  ['errorCode', 'errorCode'],
  ['eventID', 'eventID'],
  ['eventId', 'eventID'],
  ['readOnly', 'readOnly'],
  ['managementEvent', 'managementEvent'],
]);
const HEAD_KEY_LENGTHS = new Set([...HEAD_FIELDS.keys()].map((k) => k.length));

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
  constructor(reason: 'invalid-json' | 'invalid-utf8', message: string, index: number, offset: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordParseError';
    this.reason = reason;
    this.index = index;
    this.offset = offset;
  }
}

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
          `record ${this.index} at offset ${this.offset}: ${(error as Error).message}`,
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

  constructor(onRecord: (view: RecordView) => void, onProblem: (problem: SplitRecordProblem) => void = () => {}) {
    this.#onRecord = onRecord;
    this.#onProblem = onProblem;
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
    const buf = this.#carry === undefined ? chunk : Buffer.concat([this.#carry, chunk]);
    this.#carry = undefined;
    const stop = this.#scan(buf);
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
        const end = this.#scanRecord(buf, i);
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
        throw new SplitError('not-cloudtrail', `expected a JSON object, found '${String.fromCharCode(c)}'`, this.#base + i);
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
   * Scans one record starting at its `{`, extracting head fields. Returns the index after its
   * closing `}`, or -1 when the record continues in the next chunk.
   */
  #scanRecord(buf: Buffer, start: number): number {
    const n = buf.length;
    const head: RecordHead = {};
    let depth = 1;
    let expectKey = true;
    let field: keyof RecordHead | undefined;
    let i = start + 1;
    while (i < n) {
      const c = buf[i] as number;
      if (c === QUOTE) {
        const end = stringEnd(buf, i + 1);
        if (end < 0) return -1;
        if (depth === 1) {
          if (expectKey) {
            const length = end - i - 1;
            field = HEAD_KEY_LENGTHS.has(length) ? HEAD_FIELDS.get(buf.toString('latin1', i + 1, end)) : undefined;
            expectKey = false;
          } else if (field !== undefined) {
            (head as Record<string, unknown>)[field] = stringValue(buf, i, end);
            field = undefined;
          }
        }
        i = end + 1;
        continue;
      }
      switch (c) {
        case LBRACE:
        case LBRACKET:
          depth++;
          field = depth === 2 ? undefined : field;
          break;
        case RBRACE:
        case RBRACKET:
          depth--;
          if (depth === 0) {
            if (c !== RBRACE) throw new SplitError('invalid-json', `unbalanced ']' in record`, this.#base + i);
            this.#emit(buf.subarray(start, i + 1), head, start);
            return i + 1;
          }
          break;
        case COMMA:
          if (depth === 1) expectKey = true;
          break;
        case 0x74: // t
        case 0x66: // f
          if (depth === 1 && field !== undefined) {
            (head as Record<string, unknown>)[field] = c === 0x74;
            field = undefined;
          }
          break;
        default:
          if (ALLOWED[c] !== 1) {
            throw new SplitError('invalid-json', `unexpected byte 0x${c.toString(16)} in record ${this.#records}`, this.#base + i);
          }
      }
      i++;
    }
    return -1;
  }

  #emit(bytes: Buffer, head: RecordHead, start: number): void {
    const index = this.#records++;
    const offset = this.#base + start;
    if (!isUtf8(bytes)) {
      this.#onProblem({ index, offset, reason: 'invalid-utf8', message: `record ${index} at offset ${offset} is not valid UTF-8` });
      return;
    }
    this.#onRecord(new SlicedRecord(bytes, head, index, offset));
  }
}

/** Index of the quote closing the string whose content starts at `from`, or -1 if not in `buf`. */
const stringEnd = (buf: Buffer, from: number): number => {
  let j = from;
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

/** The value of the string between the quotes at `open` and `close`. */
const stringValue = (buf: Buffer, open: number, close: number): string => {
  const raw = buf.toString('utf8', open + 1, close);
  return raw.includes('\\') ? (JSON.parse(buf.toString('utf8', open, close + 1)) as string) : raw;
};
