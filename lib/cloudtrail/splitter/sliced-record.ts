import type { RecordHead, RecordView } from '../record-view.js';
import type { CloudTrailRecord } from '../../model/record.js';
import { RecordParseError, withoutExcerpt } from './errors.js';
import { LOCATED_BASE, LOCATED_FIELDS, LOCATED_IDENTITY_FIELDS, LOCATED_SESSION_FIELDS } from './head-fields.js';
import type { LocatedParent } from '../record-view.js';

export class SlicedRecord implements RecordView {
  readonly head: RecordHead;
  readonly index: number;
  readonly offset: number;
  readonly #bytes: Buffer;
  #parsed: CloudTrailRecord | undefined;
  /**
   * Where the located members start in the bytes, +1 (0: absent, -1: unknown), when the scanner
   * reported them: LOCATED_PLACES entries from `#at` (one block serves many records).
   */
  readonly #located: Int32Array | undefined;
  readonly #at: number;

  constructor(bytes: Buffer, head: RecordHead, index: number, offset: number, located?: Int32Array, at = 0) {
    this.#bytes = bytes;
    this.#located = located;
    this.#at = at;
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

  /**
   * Where a member's value starts in {@link SlicedRecord.bytes}: -1 when the record has no such
   * member, undefined when the reader did not note that member's place.
   * @param key - a top-level key, or a key of `within`
   * @param within - `userIdentity` or `userIdentity.sessionContext` for their members
   */
  valueStart(key: string, within?: LocatedParent): number | undefined {
    if (this.#located === undefined) return undefined;
    const field = (
      within === undefined
        ? LOCATED_FIELDS
        : within === 'userIdentity'
          ? LOCATED_IDENTITY_FIELDS
          : LOCATED_SESSION_FIELDS
    ).get(key);
    if (field === undefined) return undefined;
    const place = this.#located[this.#at + field - LOCATED_BASE] as number;
    return place < 0 ? undefined : place - 1;
  }

  /** The raw bytes (UTF-8 JSON) of the record. */
  bytes(): Buffer {
    return this.#bytes;
  }
}
