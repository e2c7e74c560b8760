/** A stream is not in the input form it was taken for: where (offset in the decompressed bytes) and what. */
export class InputFormError extends Error {
  readonly offset: number;
  readonly reason: 'invalid-json' | 'not-cloudtrail';
  constructor(message: string, offset: number, reason: 'invalid-json' | 'not-cloudtrail' = 'invalid-json') {
    super(message);
    this.name = 'InputFormError';
    this.offset = offset;
    this.reason = reason;
  }
}
