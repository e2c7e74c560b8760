import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { InputForm } from '../../../lib/cloudtrail/input-forms/input-form.js';
import { recordsDocument } from '../../../lib/cloudtrail/input-forms/records-document.js';
import { readLogStream } from '../../../lib/cloudtrail/read-records.js';
import type { RecordView } from '../../../lib/cloudtrail/record-view.js';
import { processLogStream } from '../../../lib/ingest/process-log.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { record } from '../../rules/helpers.js';

const ref = { bucket: 'local', key: 'events.jsonl' };
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const records: CloudTrailRecord[] = [
  record({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }, 'one'),
  record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', errorCode: 'AccessDenied' }, 'two'),
  record({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', userAgent: 'a "quoted" agent ☃' }, 'three'),
];

const envelope = (r: CloudTrailRecord, detailType = 'AWS API Call via CloudTrail') => ({
  version: '0',
  id: 'x',
  'detail-type': detailType,
  source: `aws.${String(r.eventSource).split('.')[0]}`,
  detail: r,
});

/** The views the reader hands out for a stream, in chunks of `size` bytes. */
const views = async (body: Buffer, size = 7): Promise<RecordView[]> => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) chunks.push(body.subarray(i, i + size));
  const seen: RecordView[] = [];
  await readLogStream(Readable.from(chunks), ref, { onRecord: (v) => seen.push(v) });
  return seen;
};

/** Every chunk of a stream, joined. */
const collect = async (chunks: AsyncIterable<Buffer>): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
};

/** A file of `form` read through the ingest core: its summary and the eventName of every record the rules saw. */
const readNames = async (bytes: Buffer, form: InputForm) => {
  const seen: string[] = [];
  const summary = await processLogStream(Readable.from(recordsDocument(Readable.from([bytes]), form, ref)), ref, {
    log: silent,
    detector: () => ({
      onRecord: (v) => {
        seen.push(String(v.record().eventName));
      },
      finish: () => [],
      stats: () => ({}),
    }),
  });
  return { summary, seen };
};

const shape = (vs: RecordView[]) => vs.map((v) => ({ head: v.head, index: v.index, record: v.record() }));

describe('recordsDocument', () => {
  it.each([
    ['records', Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'))],
    ['array', gzipSync(JSON.stringify(records))],
    ['eventbridge', gzipSync(records.map((r) => JSON.stringify(envelope(r))).join(''))],
    [
      'lookup-events',
      Buffer.from(JSON.stringify({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) })),
    ],
  ] as const)('gives the %s form the views of a CloudTrail log file', async (form, bytes) => {
    // Prepare
    const logFile = await views(Buffer.from(JSON.stringify({ Records: records })));
    // Act
    const converted = await views(await collect(recordsDocument(Readable.from([bytes]), form, ref)));
    // Assess
    expect(shape(converted)).toEqual(shape(logFile));
    expect(converted.map((v) => v.bytes?.().toString())).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it.each([
    ['records', Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'))],
    ['array', Buffer.from(JSON.stringify(records))],
    [
      'lookup-events',
      Buffer.from(JSON.stringify({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) })),
    ],
  ] as const)(
    'reads the %s form behind a UTF-8 byte order mark, as Windows tools write it, gzipped or not',
    async (form, bytes) => {
      // Prepare
      const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      const logFile = await views(Buffer.from(JSON.stringify({ Records: records })));
      // Act: the mark split over two chunks, and gzipped
      const split = await views(
        await collect(recordsDocument(Readable.from([marked.subarray(0, 2), marked.subarray(2)]), form, ref))
      );
      const gzipped = await views(await collect(recordsDocument(Readable.from([gzipSync(marked)]), form, ref)));
      // Assess
      expect(shape(split)).toEqual(shape(logFile));
      expect(shape(gzipped)).toEqual(shape(logFile));
    }
  );

  it('hands on every record of a gzipped file with bytes after its gzip stream, then reports them', async () => {
    // Prepare
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    const gz = gzipSync(text);
    const appended = Buffer.concat([gz, Buffer.from('garbage\n')]);
    // Act
    const summary = await processLogStream(
      Readable.from(recordsDocument(Readable.from([appended]), 'records', ref)),
      ref,
      {
        log: silent,
      }
    );
    // Assess
    expect([summary.status, summary.records, summary.damage?.reason]).toEqual([
      'damaged',
      records.length,
      'trailing-data',
    ]);
    expect(summary.damage?.message).toContain(
      `8 bytes after the end of the gzip stream at compressed offset ${gz.length}`
    );
  });

  it('marks the file damaged at an event that is not CloudTrail, counting the records before it', async () => {
    // Prepare
    const events = [
      envelope(records[0] as CloudTrailRecord),
      { ...envelope(records[1] as CloudTrailRecord, 'EC2 Instance State-change Notification') },
    ];
    const text = events.map((e) => JSON.stringify(e)).join('\n');
    // Act
    const summary = await processLogStream(
      Readable.from(recordsDocument(Readable.from([Buffer.from(text)]), 'eventbridge', ref)),
      ref,
      {
        log: silent,
      }
    );
    // Assess
    expect([summary.status, summary.records, summary.damage]).toEqual([
      'damaged',
      1,
      {
        reason: 'not-cloudtrail',
        offset: text.indexOf('\n') + 1,
        message: expect.stringContaining(
          `event 1 is not a CloudTrail event: detail-type "EC2 Instance State-change Notification"`
        ),
      },
    ]);
  });

  it('counts a JSON line that does not parse as a bad record and reads on', async () => {
    // Prepare
    const text = `${JSON.stringify(records[0])}\n{"eventVersion":"1.11","eventName":tru}\n${JSON.stringify(records[1])}\n`;
    // Act
    const { summary, seen } = await readNames(Buffer.from(text), 'records');
    // Assess
    expect([summary.status, summary.records, summary.badRecords, seen]).toEqual([
      'ok',
      3,
      1,
      ['CreateUser', 'GetObject'],
    ]);
  });

  it.each(['records', 'eventbridge'] as const)(
    'reads every whole line of %s JSON lines with broken lines, then reports the first broken line',
    async (form) => {
      // Prepare: the second line cut mid-record, the fourth not JSON inside (a bad event).
      const lines = records.map((r) => JSON.stringify(form === 'eventbridge' ? envelope(r) : r));
      const cut = (lines[1] as string).slice(0, 60);
      const text = [lines[0], cut, lines[2], '{"detail-type":tru}', lines[1]].join('\n');
      // Act
      const { summary, seen } = await readNames(gzipSync(text), form);
      // Assess
      const { eventName } = records[1] as CloudTrailRecord;
      expect([summary.status, summary.records, summary.damage?.reason, summary.damage?.offset]).toEqual([
        'damaged',
        form === 'eventbridge' ? 3 : 4,
        'invalid-json',
        Buffer.byteLength(text),
      ]);
      // A record that is not JSON inside stays a bad record where the form hands records on as they are.
      expect(seen).toEqual(['CreateUser', 'AssumeRole', eventName]);
      expect(summary.damage?.message).toContain(
        form === 'eventbridge'
          ? `2 lines are not a whole JSON object and were skipped (the first, line 2 at offset ${(lines[0] as string).length + 1}: the line ends inside`
          : `1 line is not a whole JSON object and was skipped (line 2 at offset ${(lines[0] as string).length + 1}: the line ends inside`
      );
    }
  );
});
