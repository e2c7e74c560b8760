import type { RecordHead, RecordView } from '../record-view.js';
import type { CloudTrailRecord } from '../../model/record.js';
import { RecordParseError, withoutExcerpt } from './errors.js';

export class SlicedRecord implements RecordView {
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
