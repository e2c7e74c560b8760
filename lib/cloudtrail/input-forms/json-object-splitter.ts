import { InputFormError } from './input-form-error.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Which objects a splitter hands out. */
export type SplitMode =
  /** Top-level objects one after another, separated by nothing or by whitespace (JSON lines, Firehose). */
  | { kind: 'concatenated' }
  /** The objects of the array under one key of the top-level object (`{"Events":[{…},{…}]}`). */
  | { kind: 'array-at-key'; key: string };

/** One object the splitter found: its exact bytes, its position among the objects and in the stream. */
export type SplitObject = { bytes: Buffer; index: number; offset: number };

/**
 * The lines of a JSON-lines stream that held no whole object and were skipped: how many, and the
 * first of them (1-based line number, the stream offset where it starts, what was wrong).
 */
export type DamagedLines = { count: number; line: number; offset: number; message: string };

/**
 * An incremental splitter for streams of JSON objects: feed chunks with
 * {@link JsonObjectSplitter.push}, then call {@link JsonObjectSplitter.end}. It tracks bracket
 * depth and string state (escapes included, across chunk boundaries) and hands out each wanted
 * object as its exact bytes, without parsing it, so memory is bounded by the largest object.
 *
 * Structure is checked (brackets match, strings close, nothing but whitespace between
 * concatenated objects, only objects in the wanted array); the inside of an object is not.
 *
 * Concatenated objects one per line (JSON lines) lose only their broken lines: once a newline
 * has followed an object, or the first object's first line holds more than its `{`, a newline
 * inside an object (or a string) ends that line's object as damaged, structural damage skips the
 * rest of its line, and either way reading goes on at the next line; {@link
 * JsonObjectSplitter.damagedLines} tells what was skipped. Pretty-printed objects (a newline
 * right after the first `{`) and objects run together on one line keep the whole-stream rule:
 * the first damage ends the stream.
 *
 * @example
 * const splitter = new JsonObjectSplitter({ kind: 'concatenated' }, (o) => objects.push(o.bytes));
 * for await (const chunk of stream) splitter.push(chunk);
 * splitter.end();
 */
export class JsonObjectSplitter {
  readonly #mode: SplitMode;
  readonly #onObject: (object: SplitObject) => void;
  readonly #maxBytes: number;
  /** Open containers (LBRACE / LBRACKET), outermost first. */
  readonly #stack: number[] = [];
  #inString = false;
  #escape = false;
  /** Offset in the stream of the chunk being scanned. */
  #base = 0;
  #objects = 0;
  /** The object being captured: its start offset and the chunks before the current one. */
  #captureStart = -1;
  #captureParts: Buffer[] = [];
  #captureBytes = 0;
  /** array-at-key: where the top-level object expects a key, the key being read, the last key. */
  #expectKey = false;
  #keyParts: Buffer[] | undefined;
  #lastKey = '';
  /** array-at-key: the depth of the wanted array's elements once it is open (0 = not open). */
  #arrayDepth = 0;
  #sawArray = false;
  /** concatenated: whether objects are one per line (undefined: not told yet; see the class). */
  #lineMode: boolean | undefined;
  /** Line mode: the current line (1-based), where it starts in the stream, whether the rest of it is skipped. */
  #line = 1;
  #lineStart = 0;
  #skipLine = false;
  #damaged: DamagedLines | undefined;

  /**
   * @param mode - which objects to hand out
   * @param onObject - receives each object, in stream order
   * @param maxBytes - the largest object accepted (the splitter fails beyond it)
   */
  constructor(mode: SplitMode, onObject: (object: SplitObject) => void, maxBytes = 64 * 1024 * 1024) {
    this.#mode = mode;
    this.#onObject = onObject;
    this.#maxBytes = maxBytes;
    if (mode.kind !== 'concatenated') this.#lineMode = false;
  }

  /** Line mode: the lines skipped as damaged so far (undefined: none). */
  get damagedLines(): DamagedLines | undefined {
    return this.#damaged;
  }

  /** Objects handed out so far. */
  get objects(): number {
    return this.#objects;
  }

  /** Bytes scanned so far. */
  get consumed(): number {
    return this.#base;
  }

  /** The depth at which a wanted object starts (its `{` is read at this depth). */
  #captureDepth(): number {
    return this.#mode.kind === 'concatenated' ? 0 : this.#arrayDepth;
  }

  /**
   * Scans one chunk.
   * @throws InputFormError on structural damage, with the stream offset (in line mode, only
   *   what `onObject` throws that is not `invalid-json`)
   */
  push(chunk: Buffer): void {
    let at = 0;
    for (;;) {
      try {
        this.#scan(chunk, at);
        return;
      } catch (error) {
        if (this.#lineMode !== true || !(error instanceof InputFormError) || error.reason !== 'invalid-json')
          throw error;
        // The line is lost from here; the scan goes on at the next one.
        this.#damage(error.message);
        this.#skipLine = true;
        at = Math.max(0, error.offset - this.#base);
      }
    }
  }

  /** Counts the current line as damaged and forgets its partial object. */
  #damage(message: string): void {
    if (this.#damaged === undefined) this.#damaged = { count: 0, line: this.#line, offset: this.#lineStart, message };
    this.#damaged.count++;
    this.#stack.length = 0;
    this.#inString = false;
    this.#escape = false;
    this.#captureStart = -1;
    this.#captureParts = [];
    this.#captureBytes = 0;
  }

  /** Moves past a newline at `i` of the chunk: the next line starts after it. */
  #newLine(i: number): void {
    this.#line++;
    this.#lineStart = this.#base + i + 1;
  }

  /**
   * Whether the first object's first line is only its `{`: a newline at `i` (depth > 0, not in
   * a string) with nothing but whitespace since the object opened, as pretty-printers write.
   */
  #opensAlone(chunk: Buffer, i: number): boolean {
    const start = this.#captureStart - this.#base;
    const before =
      start >= 0
        ? chunk.subarray(start + 1, i)
        : Buffer.concat([...this.#captureParts, chunk.subarray(0, i)]).subarray(1);
    return before.every(isSpace);
  }

  #scan(chunk: Buffer, start: number): void {
    const n = chunk.length;
    let i = start;
    if (this.#skipLine) {
      const end = chunk.indexOf(NEWLINE, i);
      if (end < 0) {
        this.#base += n;
        return;
      }
      this.#skipLine = false;
      this.#newLine(end);
      i = end + 1;
    }
    let from = this.#captureStart >= 0 ? 0 : -1;
    let keyFrom = 0;
    // The next backslash at or after the scan position (-1: none left in the chunk), found once
    // per run of strings rather than once per string, so strings without escapes cost one search.
    let nextSlash = -2;
    // Line mode: the next newline, found as the backslash is.
    let nextNewline = -2;
    while (i < n) {
      if (this.#inString) {
        if (this.#escape) {
          if (chunk[i] === NEWLINE && this.#lineMode === true)
            throw new InputFormError('the line ends inside a string', this.#base + i);
          this.#escape = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        if (nextSlash !== -1 && nextSlash < i) nextSlash = chunk.indexOf(BACKSLASH, i);
        if (this.#lineMode === true) {
          if (nextNewline !== -1 && nextNewline < i) nextNewline = chunk.indexOf(NEWLINE, i);
          if (nextNewline >= 0 && (quote < 0 || nextNewline < quote) && (nextSlash < 0 || nextNewline < nextSlash))
            throw new InputFormError('the line ends inside a string', this.#base + nextNewline);
        }
        if (nextSlash >= 0 && (quote < 0 || nextSlash < quote)) {
          i = nextSlash + 1;
          this.#escape = true;
          continue;
        }
        if (quote < 0) {
          i = n;
          continue;
        }
        if (this.#keyParts) {
          this.#keyParts.push(chunk.subarray(keyFrom, quote));
          this.#lastKey = Buffer.concat(this.#keyParts).toString('utf8');
          this.#keyParts = undefined;
          this.#expectKey = false;
        }
        this.#inString = false;
        i = quote + 1;
        continue;
      }
      const b = chunk[i] as number;
      const depth = this.#stack.length;
      if (b === QUOTE) {
        if (depth === this.#captureDepth() && this.#captureStart < 0) this.#notAnObject(i);
        this.#inString = true;
        if (this.#mode.kind === 'array-at-key' && depth === 1 && this.#expectKey) {
          this.#keyParts = [];
          keyFrom = i + 1;
        }
      } else if (b === LBRACE || b === LBRACKET) {
        if (
          depth === this.#captureDepth() &&
          this.#captureStart < 0 &&
          (this.#mode.kind !== 'array-at-key' || depth > 0)
        ) {
          if (b !== LBRACE) this.#notAnObject(i);
          this.#captureStart = this.#base + i;
          this.#captureParts = [];
          this.#captureBytes = 0;
          from = i;
        }
        if (
          this.#mode.kind === 'array-at-key' &&
          depth === 1 &&
          b === LBRACKET &&
          !this.#sawArray &&
          this.#lastKey === this.#mode.key
        ) {
          this.#arrayDepth = 2;
          this.#sawArray = true;
        }
        this.#stack.push(b);
        if (this.#mode.kind === 'array-at-key' && depth === 0) this.#expectKey = true;
      } else if (b === RBRACE || b === RBRACKET) {
        const open = this.#stack.pop();
        if (open !== (b === RBRACE ? LBRACE : LBRACKET))
          throw new InputFormError(`unexpected '${String.fromCharCode(b)}'`, this.#base + i);
        if (depth === this.#arrayDepth && b === RBRACKET) this.#arrayDepth = 0;
        if (depth - 1 === this.#captureDepth() && this.#captureStart >= 0 && depth - 1 >= 0) {
          const parts = this.#captureParts;
          parts.push(chunk.subarray(from, i + 1));
          const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
          const offset = this.#captureStart;
          this.#captureStart = -1;
          this.#captureParts = [];
          from = -1;
          this.#onObject({ bytes, index: this.#objects++, offset });
        }
      } else if (b === COMMA) {
        if (depth === 0) throw new InputFormError("unexpected ',' between objects", this.#base + i);
        if (this.#mode.kind === 'array-at-key' && depth === 1) this.#expectKey = true;
      } else if (b === COLON) {
        if (depth === 0) throw new InputFormError("unexpected ':'", this.#base + i);
      } else if (b === NEWLINE && this.#lineMode !== false) {
        if (depth === 0) {
          if (this.#objects > 0) this.#lineMode = true;
          this.#newLine(i);
        } else {
          this.#lineMode ??= !this.#opensAlone(chunk, i);
          if (this.#lineMode) throw new InputFormError('the line ends inside an object', this.#base + i);
        }
      } else if (!isSpace(b)) {
        if (depth === 0)
          throw new InputFormError(`unexpected '${String.fromCharCode(b)}' outside an object`, this.#base + i);
        if (depth === this.#captureDepth() && this.#captureStart < 0) this.#notAnObject(i);
      }
      i++;
    }
    if (this.#keyParts && keyFrom < n) this.#keyParts.push(chunk.subarray(keyFrom));
    if (this.#captureStart >= 0 && from >= 0) {
      const rest = chunk.subarray(from);
      this.#captureParts.push(rest);
      this.#captureBytes += rest.length;
      if (this.#captureBytes > this.#maxBytes)
        throw new InputFormError(`object larger than ${this.#maxBytes} bytes`, this.#captureStart);
    }
    this.#base += n;
  }

  /**
   * Ends the stream.
   * @throws InputFormError when it ends inside an object or string, or (array-at-key) without the array
   */
  end(): void {
    if ((this.#inString || this.#stack.length > 0) && this.#lineMode === true && !this.#skipLine) {
      this.#damage('the last line ends inside an object');
      return;
    }
    if (this.#inString || this.#stack.length > 0)
      throw new InputFormError(
        'the text ends inside an object',
        this.#captureStart >= 0 ? this.#captureStart : this.#base
      );
    if (this.#mode.kind === 'array-at-key' && !this.#sawArray)
      throw new InputFormError(`no '${this.#mode.key}' array at the top`, 0);
  }

  #notAnObject(i: number): never {
    throw new InputFormError(
      this.#mode.kind === 'concatenated'
        ? 'a top-level value is not an object'
        : `an element of '${this.#mode.key}' is not an object`,
      this.#base + i
    );
  }
}
