import type { RecordView } from '../../lib/cloudtrail/record-view.js';
import { headOf } from '../../lib/cloudtrail/record-view.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';

/**
 * A view over a record's raw bytes, as the streaming reader hands them out, counting the full
 * parses a reader asks of it in `counter.parses`.
 * @param text - the record's JSON
 * @param counter - where the parses are counted
 */
export const rawView = (text: string, counter = { parses: 0 }): RecordView & { bytes(): Buffer } => {
  const bytes = Buffer.from(text);
  return {
    head: headOf(JSON.parse(text) as CloudTrailRecord),
    index: 0,
    offset: 0,
    record: () => {
      counter.parses++;
      return JSON.parse(text) as CloudTrailRecord;
    },
    bytes: () => bytes,
  };
};
