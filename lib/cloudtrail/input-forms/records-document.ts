import type { Readable } from 'node:stream';
import { describeTrailingData, gunzipMembers, type TrailingData } from '../gunzip-members.js';
import { DamagedLogFileError } from '../../model/errors.js';
import type { ObjectRef } from '../../model/object-ref.js';
import type { InputForm } from './input-form.js';
import { InputFormError } from './input-form-error.js';
import { type DamagedLines, JsonObjectSplitter, type SplitObject } from './json-object-splitter.js';

/** How many bytes of records are gathered before they are handed on (the splitter's chunk scale). */
const BATCH_BYTES = 256 * 1024;

/** The largest object (record or envelope) a form's reader holds: CloudTrail's limit is 256 KB, Lake's 1 MB. */
export const MAX_OBJECT_BYTES = 16 * 1024 * 1024;

const OPEN = Buffer.from('{"Records":[');
const CLOSE = Buffer.from(']}');
const COMMA = Buffer.from(',');

/**
 * The bytes of a stream, gunzipped when they start with gzip's magic (`1f 8b`), whatever the name
 * says: member by member, as a log file is (lib/cloudtrail/gunzip-members.ts), so bytes appended
 * after the gzip stream lose no record and are told to `onTrailing`.
 */
export async function* decompressed(
  body: Readable,
  onTrailing: (trailing: TrailingData) => void = () => {}
): AsyncGenerator<Buffer> {
  const input = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let first: Buffer = Buffer.alloc(0);
  while (first.length < 2) {
    const next = await input.next();
    if (next.done) break;
    first = first.length === 0 ? next.value : Buffer.concat([first, next.value]);
  }
  async function* raw(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    for (let next = await input.next(); !next.done; next = await input.next()) yield next.value;
  }
  if (!(first[0] === 0x1f && first[1] === 0x8b)) {
    yield* raw();
    return;
  }
  // Errors keep zlib's codes (truncated, corrupt), so readers report them as gzip damage.
  yield* gunzipMembers(raw(), { chunkSize: 256 * 1024 }, onTrailing);
}

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * `bytes` without a UTF-8 byte order mark at the very start: Windows tools (PowerShell's
 * `Out-File -Encoding utf8`, Notepad) write one before the JSON of an exported file, and no JSON
 * reader here expects it. Offsets reported after it count from the byte after the mark.
 */
async function* withoutByteOrderMark(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of bytes) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (head.length < BYTE_ORDER_MARK.length && BYTE_ORDER_MARK.subarray(0, head.length).equals(head)) continue;
    checked = true;
    yield head.subarray(0, 3).equals(BYTE_ORDER_MARK) ? head.subarray(3) : head;
  }
  if (!checked && head.length > 0) yield head;
}

/** The CloudTrail detail-types end so (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html). */
const CLOUDTRAIL_DETAIL_TYPE = / via CloudTrail$/;

const parseObject = (object: SplitObject, what: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(object.bytes.toString('utf8'));
  } catch (error) {
    throw new InputFormError(`${what} ${object.index} is not valid JSON: ${(error as Error).message}`, object.offset);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputFormError(`${what} ${object.index} is not an object`, object.offset);
  return value as Record<string, unknown>;
};

/** The record an EventBridge event carries, as JSON bytes. */
const eventBridgeRecord = (object: SplitObject): Buffer => {
  const event = parseObject(object, 'event');
  const detailType = event['detail-type'];
  if (typeof detailType !== 'string' || !CLOUDTRAIL_DETAIL_TYPE.test(detailType))
    throw new InputFormError(
      `event ${object.index} is not a CloudTrail event: detail-type ${JSON.stringify(detailType)}`,
      object.offset,
      'not-cloudtrail'
    );
  if (typeof event.source !== 'string' || !event.source.startsWith('aws.'))
    throw new InputFormError(
      `event ${object.index} has source ${JSON.stringify(event.source)}: CloudTrail events come from aws.* sources`,
      object.offset,
      'not-cloudtrail'
    );
  const detail = event.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    throw new InputFormError(`event ${object.index} has no detail record`, object.offset, 'not-cloudtrail');
  return Buffer.from(JSON.stringify(detail));
};

/** The record of one `lookup-events` event: its `CloudTrailEvent` text, byte for byte. */
const lookupEventRecord = (object: SplitObject): Buffer => {
  const event = parseObject(object, 'Events element');
  const text = event.CloudTrailEvent;
  if (typeof text !== 'string')
    throw new InputFormError(
      `Events element ${object.index} has no CloudTrailEvent text`,
      object.offset,
      'not-cloudtrail'
    );
  // The text is the record CloudTrail wrote; one that is not JSON would break the wrapper, so it is refused here.
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InputFormError(
      `Events element ${object.index}: CloudTrailEvent is not JSON: ${(error as Error).message}`,
      object.offset
    );
  }
  return Buffer.from(text, 'utf8');
};

/** What a file's skipped JSON lines were, for its damage report. */
export const describeDamagedLines = ({ count, line, offset, message }: DamagedLines): string =>
  `${count === 1 ? '1 line is' : `${count} lines are`} not a whole JSON object and ${count === 1 ? 'was' : 'were'} skipped (${count === 1 ? 'line' : 'the first, line'} ${line} at offset ${offset}: ${message}); the records on the other lines were read`;

/**
 * Turns a file of any {@link InputForm} into the bytes of a CloudTrail log file
 * (`{"Records":[…]}`), streamed, so the one record splitter (lib/cloudtrail/split-records.ts)
 * reads every form and every record gets the same view, counts and alert ids as in a log file.
 * The input may be gzipped (told by its magic bytes). Records are handed on as they are found,
 * a batch at a time; nothing holds more than one object.
 *
 * - `array`: the array, wrapped as it is (no parse);
 * - `records`: each object, as it is (no parse: a record that is not valid JSON is counted as
 *   bad by the reader, as in a log file);
 * - `lookup-events`: each element's `CloudTrailEvent` text, byte for byte;
 * - `eventbridge`: each event's `detail` (the event must have a `… via CloudTrail` detail-type
 *   and an `aws.*` source, as CloudTrail's own events do);
 * - `cloudtrail`: the bytes, decompressed, as they are.
 *
 * @param body - the file's bytes
 * @param form - its form (see sniffInputForm)
 * @param source - which file, for errors
 * @returns the log-file bytes, in batches
 * @throws DamagedLogFileError (`invalid-json` or `not-cloudtrail`, offset in the decompressed
 *   file) where the file stops being its form; the records before have been handed on. In a file
 *   of JSON lines, a broken line costs only itself: every other line's record is handed on, then
 *   the file is reported (`invalid-json`, at the end of the file, the message naming the first
 *   broken line and its offset)
 * @example
 * const summary = await processLogStream(Readable.from(recordsDocument(createReadStream(path), 'records', ref)), ref, { log });
 */
export async function* recordsDocument(body: Readable, form: InputForm, source: ObjectRef): AsyncGenerator<Buffer> {
  let trailing: TrailingData | undefined;
  let consumed = 0;
  const bytes = (async function* () {
    for await (const chunk of withoutByteOrderMark(decompressed(body, (found) => (trailing = found)))) {
      consumed += chunk.length;
      yield chunk;
    }
  })();
  // CloudTrail's own exports end with their gzip stream: bytes after it were added later. Every
  // record before them has been handed on; the file is still reported, as a log file is.
  const afterTrailing = (records: number): void => {
    if (trailing !== undefined)
      throw new DamagedLogFileError(source, 'trailing-data', describeTrailingData(trailing), consumed, records);
  };
  if (form === 'cloudtrail') {
    yield* bytes;
    afterTrailing(0);
    return;
  }
  if (form === 'array') {
    yield OPEN.subarray(0, OPEN.length - 1);
    yield* bytes;
    yield CLOSE.subarray(1);
    afterTrailing(0);
    return;
  }
  let batch: Buffer[] = [OPEN];
  let batchBytes = OPEN.length;
  let records = 0;
  const toRecord =
    form === 'eventbridge' ? eventBridgeRecord : form === 'lookup-events' ? lookupEventRecord : undefined;
  const splitter = new JsonObjectSplitter(
    form === 'lookup-events' ? { kind: 'array-at-key', key: 'Events' } : { kind: 'concatenated' },
    (object) => {
      const record = toRecord ? toRecord(object) : object.bytes;
      if (records++ > 0) batch.push(COMMA);
      batch.push(record);
      batchBytes += record.length + 1;
    },
    MAX_OBJECT_BYTES
  );
  const flush = (): Buffer => {
    const out = Buffer.concat(batch);
    batch = [];
    batchBytes = 0;
    return out;
  };
  try {
    for await (const chunk of bytes) {
      splitter.push(chunk);
      if (batchBytes >= BATCH_BYTES) yield flush();
    }
    splitter.end();
  } catch (error) {
    if (!(error instanceof InputFormError)) throw error;
    if (batchBytes > 0) yield flush();
    throw new DamagedLogFileError(source, error.reason, error.message, error.offset, records, { cause: error });
  }
  batch.push(CLOSE);
  yield flush();
  // Reported at the end of what was read, as trailing data is: the file was read to its end
  // (its byte counts say so), and the message says where the broken lines are.
  const damaged = splitter.damagedLines;
  if (damaged !== undefined)
    throw new DamagedLogFileError(
      source,
      'invalid-json',
      trailing === undefined
        ? describeDamagedLines(damaged)
        : `${describeDamagedLines(damaged)}; and ${describeTrailingData(trailing)}`,
      consumed,
      records
    );
  afterTrailing(records);
}
