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
export const withoutExcerpt = (message: string): string =>
  message.replace(/^(?:(.*?),? )?(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, (_, cause: string | undefined) =>
    cause ? `${cause} (not valid JSON)` : 'not valid JSON'
  );
