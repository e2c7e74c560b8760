/**
 * The shapes CloudTrail records come in, as trailwatch reads them from files:
 *
 * - `cloudtrail`: a CloudTrail log file, `{"Records":[…]}` (read by the streaming byte splitter as is);
 * - `array`: a bare JSON array of records, `[{…},{…}]`;
 * - `records`: records one after another, one per line (JSON lines) or with no separator;
 * - `lookup-events`: `aws cloudtrail lookup-events` output, `{"Events":[{"CloudTrailEvent":"<json>",…}]}`;
 * - `eventbridge`: EventBridge events (`"detail-type": "AWS API Call via CloudTrail"`, the record in
 *   `detail`), one per line or concatenated with no separator (Kinesis Data Firehose's default).
 *
 * Any of them may be gzipped.
 */
export type InputForm = 'cloudtrail' | 'array' | 'records' | 'lookup-events' | 'eventbridge';

/** How each form is named in messages and docs. */
export const INPUT_FORM_NAMES: Readonly<Record<InputForm, string>> = {
  cloudtrail: 'CloudTrail log file',
  array: 'JSON array of records',
  records: 'JSON lines of records',
  'lookup-events': 'aws cloudtrail lookup-events output',
  eventbridge: 'EventBridge CloudTrail events',
};

/** Top-level keys every CloudTrail record has (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
const RECORD_KEYS: ReadonlySet<string> = new Set([
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'eventID',
  'userIdentity',
  'awsRegion',
  'recipientAccountId',
  'eventType',
  'eventCategory',
]);

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Skips whitespace (and a UTF-8 byte order mark at the very start). */
const skipSpace = (head: Buffer, at: number): number => {
  let i = at === 0 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : at;
  while (i < head.length && isSpace(head[i])) i++;
  return i;
};

/**
 * The keys of the object that starts at `at`, in order, as far as `head` reaches: a small walk
 * that tracks depth and strings and keeps the strings read where a key stands at depth 1.
 */
export const objectKeys = (head: Buffer, at: number): string[] => {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = at; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0x22) {
      let end = i + 1;
      while (end < head.length && head[end] !== 0x22) end += head[end] === 0x5c ? 2 : 1;
      if (end >= head.length) return keys;
      if (depth === 1 && expectKey) {
        keys.push(head.toString('utf8', i + 1, end));
        expectKey = false;
      }
      i = end;
    } else if (b === 0x7b || b === 0x5b) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return keys;
    } else if (b === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
};

/** The form an object's keys say it is, or undefined when they say nothing yet. */
const formOfKeys = (keys: readonly string[]): InputForm | undefined => {
  for (const key of keys) {
    if (key === 'Records') return 'cloudtrail';
    if (key === 'Events') return 'lookup-events';
    if (key === 'detail-type') return 'eventbridge';
    if (RECORD_KEYS.has(key)) return 'records';
  }
  return undefined;
};

/**
 * Tells the form of a file from its first decompressed bytes: `[` and a record (or nothing) is
 * an array; `{` is told by the first object's keys (`Records`, `Events`, `detail-type`, or a
 * record's own keys such as `eventVersion`). The head should reach past the first object's
 * first keys; 64 KiB is plenty for every form.
 * @param head - the first bytes of the decompressed file
 * @returns the form, or undefined when the bytes are none of them
 * @example
 * sniffInputForm(Buffer.from('{"version":"0","id":"…","detail-type":"AWS API Call via CloudTrail",…')); // 'eventbridge'
 */
export const sniffInputForm = (head: Buffer): InputForm | undefined => {
  const start = skipSpace(head, 0);
  if (head[start] === 0x5b) {
    const first = skipSpace(head, start + 1);
    if (head[first] === 0x5d) return 'array';
    if (head[first] !== 0x7b) return undefined;
    return formOfKeys(objectKeys(head, first)) === 'records' ? 'array' : undefined;
  }
  if (head[start] !== 0x7b) return undefined;
  return formOfKeys(objectKeys(head, start));
};
