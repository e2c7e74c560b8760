import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../lib/cloudtrail/record-view.js';
import { readLogBytes, readLogStream, readRecords, WHOLE_FILE_LIMIT } from '../../lib/cloudtrail/read-records.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { chunked, REF, someRecords } from '../helpers/log-files.js';

const collect = async (bytes: Buffer, chunkSize = 64 * 1024) => {
  const views: RecordView[] = [];
  const problems: unknown[] = [];
  const result = await readLogStream(chunked(bytes, chunkSize), REF, {
    onRecord: (v) => views.push(v),
    onProblem: (p) => problems.push(p),
  });
  return { views, problems, result };
};

const failure = async (bytes: Buffer, chunkSize = 64 * 1024) => {
  const views: RecordView[] = [];
  const error = await readLogStream(chunked(bytes, chunkSize), REF, { onRecord: (v) => views.push(v) }).then(
    () => undefined,
    (e: unknown) => e
  );
  return { views, error };
};

describe('readLogStream', () => {
  const records = someRecords(300);
  const gz = encodeLogFile(records);

  it.each([1, 3, 1000, 1 << 20])('returns every record, in order and intact, with chunks of %i bytes', async (size) => {
    const { views, result } = await collect(gz, size);
    expect(result).toMatchObject({ records: 300, gzip: true, compressedBytes: gz.length });
    expect(views.map((v) => v.record())).toEqual(records);
  });

  it('extracts the head fields without a full parse, equal to the parsed values', async () => {
    const { views } = await collect(gz);
    for (const [i, view] of views.entries()) {
      const r = records[i];
      expect(view.head).toEqual({
        eventVersion: r?.eventVersion,
        eventTime: r?.eventTime,
        eventSource: r?.eventSource,
        eventName: r?.eventName,
        eventType: r?.eventType,
        eventCategory: r?.eventCategory,
        awsRegion: r?.awsRegion,
        recipientAccountId: r?.recipientAccountId,
        eventID: r?.eventID,
        readOnly: r?.readOnly,
        managementEvent: r?.managementEvent,
        userAgent: r?.userAgent,
        sourceIPAddress: r?.sourceIPAddress,
        userIdentityType: r?.userIdentity?.type,
        userIdentityArn: r?.userIdentity?.arn,
        userIdentityInvokedBy: r?.userIdentity?.invokedBy,
        userIdentityAccountId: r?.userIdentity?.accountId,
        userIdentityAccessKeyId: r?.userIdentity?.accessKeyId,
        ...(r?.errorCode !== undefined && { errorCode: r.errorCode }),
      });
    }
  });

  it('reads an already decompressed body (the S3 console hands back plain JSON)', async () => {
    const plain = Buffer.from(JSON.stringify({ Records: records }, null, 2));
    const { views, result } = await collect(plain, 777);
    expect(result.gzip).toBe(false);
    expect(views.map((v) => v.record())).toEqual(records);
  });

  it('ignores head keys inside nested objects and unescapes escaped values', async () => {
    const tricky = [
      {
        eventName: 'Outer\\"Name',
        requestParameters: { eventName: 'Inner', nested: { eventSource: 'x' } },
        eventSource: 'a.amazonaws.com',
        readOnly: false,
        userIdentity: {
          sessionContext: { sessionIssuer: { type: 'Role', arn: 'inner' } },
          type: 'AssumedRole',
          invokedBy: 'AWS Internal',
        },
      },
      {
        'event\\"Time': 'not a head key',
        eventTime: '2026-01-02T03:04:05Z',
        note: 'quote \\" and backslash \\\\',
        readOnly: true,
      },
    ];
    const { views } = await collect(gzipSync(JSON.stringify({ Records: tricky })), 5);
    expect(views[0]?.head).toEqual({
      eventName: 'Outer\\"Name',
      eventSource: 'a.amazonaws.com',
      readOnly: false,
      userIdentityType: 'AssumedRole',
      userIdentityInvokedBy: 'AWS Internal',
    });
    expect(views[1]?.head).toEqual({ eventTime: '2026-01-02T03:04:05Z', readOnly: true });
    expect(views.map((v) => v.record())).toEqual(tricky);
  });

  it('reports a truncated gzip with the records read before it', async () => {
    const { views, error } = await failure(gz.subarray(0, Math.floor(gz.length * 0.6)), 4096);
    expect(error).toMatchObject({ name: 'DamagedLogFileError', reason: 'truncated-gzip', source: REF });
    expect(views.length).toBeGreaterThan(100);
    expect((error as { recordsRead: number }).recordsRead).toBe(views.length);
    expect(views.map((v) => v.record())).toEqual(records.slice(0, views.length));
    expect((error as Error).message).toContain(`s3://${REF.bucket}/${REF.key}`);
  });

  it('reports corrupt gzip data as corrupt-gzip', async () => {
    const bad = Buffer.from(gz);
    bad.fill(0xff, 200, 260);
    const { error } = await failure(bad);
    expect(error).toMatchObject({ name: 'DamagedLogFileError', reason: 'corrupt-gzip' });
  });

  it('reads every record of a gzip member with bytes appended, and reports the bytes as trailing-data', async () => {
    // Prepare: the object whole, as the CLI and ingest hand over a small one
    const appended = Buffer.concat([gz, Buffer.from('garbage\n')]);
    const views: RecordView[] = [];
    // Act
    const error = await readLogStream(new Uint8Array(appended), REF, { onRecord: (v) => views.push(v) }).then(
      () => undefined,
      (e: unknown) => e
    );
    // Assess
    expect(views.map((v) => v.record())).toEqual(records);
    expect(error).toMatchObject({ name: 'DamagedLogFileError', reason: 'trailing-data', recordsRead: 300 });
    expect((error as Error).message).toContain(
      `8 bytes after the end of the gzip stream at compressed offset ${gz.length}`
    );
  });

  it('reports trailing zero padding, which zlib ignores, after every record', async () => {
    const { views, error } = await failure(Buffer.concat([gz, Buffer.alloc(512)]));
    expect(views).toHaveLength(300);
    expect(error).toMatchObject({ reason: 'trailing-data', recordsRead: 300 });
    expect((error as Error).message).toContain('512 bytes, all zero, after the end of the gzip stream');
  });

  it('reports content hidden behind a zero byte, which zlib stops at without an error', async () => {
    const { views, error } = await failure(Buffer.concat([gz, Buffer.from('\0{"Records":[]}')]));
    expect(views).toHaveLength(300);
    expect(error).toMatchObject({ reason: 'trailing-data', recordsRead: 300 });
    expect((error as Error).message).toContain('15 bytes after the end of the gzip stream');
  });

  it('reads a file of two gzip members (concatenated gzip files) whole, and what is appended after both', async () => {
    // Prepare: the same document cut into two members between records
    const text = JSON.stringify({ Records: records });
    const cut = text.indexOf(',{', text.length >> 1) + 1;
    const twoMembers = Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]);
    // Act
    const clean = await collect(twoMembers, 4096);
    const whole = readLogBytes(twoMembers, REF, { onRecord: () => {} });
    const appended = await failure(Buffer.concat([twoMembers, Buffer.from([0x0a])]), 4096);
    // Assess
    expect(clean.result).toMatchObject({ records: 300, compressedBytes: twoMembers.length });
    expect(clean.views.map((v) => v.record())).toEqual(records);
    expect(whole).toMatchObject({ records: 300 });
    expect(appended.views).toHaveLength(300);
    expect(appended.error).toMatchObject({ reason: 'trailing-data', recordsRead: 300 });
    expect((appended.error as Error).message).toContain(`compressed offset ${twoMembers.length}`);
  });

  it('counts every record of a complete member before a second member that is cut short', async () => {
    const cutShort = Buffer.concat([gz, gzipSync(' '.repeat(4096)).subarray(0, 14)]);
    const { views, error } = await failure(cutShort, 4096);
    expect(views).toHaveLength(300);
    expect(error).toMatchObject({ reason: 'truncated-gzip', recordsRead: 300 });
  });

  it('reports a member whose CRC-32 does not match its data as corrupt-gzip', async () => {
    const bad = Buffer.from(gz);
    bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 1) >>> 0, bad.length - 8);
    const { views, error } = await failure(bad);
    expect(views).toHaveLength(300);
    expect(error).toMatchObject({ reason: 'corrupt-gzip' });
    expect((error as Error).message).toContain('incorrect data check');
  });

  it('reports a zero-byte object as empty', async () => {
    const { error } = await failure(Buffer.alloc(0));
    expect(error).toMatchObject({ reason: 'empty', offset: 0, recordsRead: 0 });
  });

  it.each([
    ['text that is not JSON', 'hello world', 'not-cloudtrail', 0],
    ['JSON without Records', '{"foo":[1,2]}', 'not-cloudtrail', 0],
    ['an unclosed document', '{"Records":[{"eventName":"A"}', 'invalid-json', 1],
    ['garbage between records', '{"Records":[{"eventName":"A"}, x {"eventName":"B"}]}', 'invalid-json', 1],
    ['a bracket mismatch inside a record', '{"Records":[{"eventName":"A"},{"a":[1}]}', 'invalid-json', 1],
    ['data after the document', '{"Records":[{"eventName":"A"}]} {"Records":[]}', 'invalid-json', 1],
  ])('reports %s with its offset', async (_name, text, reason, before) => {
    const { views, error } = await failure(gzipSync(text), 3);
    expect(error).toMatchObject({ name: 'DamagedLogFileError', reason });
    expect(views).toHaveLength(before);
    expect((error as { offset: number }).offset).toBeGreaterThanOrEqual(0);
    expect((error as Error).message).toMatch(/at offset \d+/);
  });

  it('skips a record that is not UTF-8, reports it, and goes on', async () => {
    const a = Buffer.from('{"Records":[{"eventName":"A"},{"eventName":"');
    const b = Buffer.from('"},{"eventName":"C"}]}');
    const { views, problems } = await collect(gzipSync(Buffer.concat([a, Buffer.from([0xc3, 0x28]), b])));
    expect(views.map((v) => v.head.eventName)).toEqual(['A', 'C']);
    expect(problems).toEqual([expect.objectContaining({ index: 1, reason: 'invalid-utf8', offset: 30 })]);
  });

  it('throws RecordParseError naming the record when its inner JSON is invalid', async () => {
    const { views } = await collect(gzipSync('{"Records":[{"eventName":"A","x":{"y":}}]}'));
    expect(views[0]?.head.eventName).toBe('A');
    expect(() => views[0]?.record()).toThrow(
      expect.objectContaining({ name: 'RecordParseError', index: 0, offset: 12 })
    );
  });

  it('reads a large file with memory bounded by a chunk, not the file', async () => {
    // 200 000 records (~290 MB uncompressed) would need > 1 GB as one JSON.parse; we keep none.
    const one = JSON.stringify(records[0]);
    let n = 0;
    async function* body() {
      const block = Buffer.from(Array.from({ length: 1000 }, () => one).join(','));
      yield Buffer.from('{"Records":[');
      for (let i = 0; i < 200; i++) yield i === 0 ? block : Buffer.concat([Buffer.from(','), block]);
      yield Buffer.from(']}');
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    const { Readable } = await import('node:stream');
    await readLogStream(Readable.from(body()), REF, {
      onRecord: () => {
        if (++n % 20000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    expect(n).toBe(200_000);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('readLogStream with the bytes whole', () => {
  const records = someRecords(300);
  const gz = encodeLogFile(records);
  const truncated = gz.subarray(0, Math.floor(gz.length * 0.6));
  const corrupt = Buffer.from(gz);
  corrupt.fill(0xff, 200, 260);
  const notUtf8 = gzipSync(
    Buffer.concat([
      Buffer.from('{"Records":[{"eventName":"A"},{"eventName":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"},{"eventName":"C"}]}'),
    ])
  );

  /** Everything a reader reports: records (head and offset), problems, the counts or the damage. */
  const outcome = async (body: Buffer | ReturnType<typeof chunked>) => {
    const seen: unknown[] = [];
    const result = await readLogStream(body, REF, {
      onRecord: (v) => seen.push(['record', v.index, v.offset, v.head, v.record()]),
      onProblem: (p) => seen.push(['problem', p]),
    }).then(
      (r) => r,
      (e: unknown) => ({ error: e, message: (e as Error).message, ...(e as object) })
    );
    return { seen, result };
  };

  it.each([
    ['a gzip log file', gz],
    ['plain JSON', Buffer.from(JSON.stringify({ Records: records }))],
    ['a truncated gzip', truncated],
    ['corrupt gzip data', corrupt],
    ['a zero-byte object', Buffer.alloc(0)],
    ['one byte', Buffer.from('{')],
    ['JSON without Records', gzipSync('{"foo":[1,2]}')],
    ['garbage between records', gzipSync('{"Records":[{"eventName":"A"}, x {"eventName":"B"}]}')],
    ['an unclosed document', gzipSync('{"Records":[{"eventName":"A"}')],
    ['a record that is not UTF-8', notUtf8],
  ])('reports %s exactly as the stream of the same bytes does', async (_name, bytes) => {
    const streamed = await outcome(chunked(bytes, 256 * 1024));
    const whole = await outcome(bytes);
    expect(whole).toEqual(streamed);
  });

  it('decompresses in one call: a gzip body whole gives every record and the sizes', async () => {
    const views: RecordView[] = [];
    const result = await readLogStream(gz, REF, { onRecord: (v) => views.push(v) });
    expect(result).toMatchObject({ records: 300, gzip: true, compressedBytes: gz.length });
    expect(views.map((v) => v.record())).toEqual(records);
  });
});

describe('readRecords', () => {
  it('yields the same records as readLogStream, then rethrows the damage', async () => {
    const records = someRecords(50);
    const gz = encodeLogFile(records);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const view of readRecords(chunked(gz.subarray(0, gz.length - 30), 512), REF))
        seen.push(view.record().eventID ?? '');
    })();
    await expect(reading).rejects.toMatchObject({ reason: 'truncated-gzip' });
    expect(seen).toEqual(records.slice(0, seen.length).map((r) => r.eventID));
    expect(seen.length).toBeGreaterThan(40);
  });
});

describe('readLogStream over a file too large to read whole', () => {
  // Enough records for more than WHOLE_FILE_LIMIT compressed: CLI and ingest stream such a file.
  const records = someRecords(9000, 11);
  const gz = encodeLogFile(records);

  it('reads every record of the last decompressed chunk when bytes are appended', async () => {
    // Prepare
    expect(gz.length).toBeGreaterThan(WHOLE_FILE_LIMIT);
    const appended = Buffer.concat([gz, Buffer.from('garbage\n')]);
    // Act
    const { views, error } = await failure(appended);
    // Assess
    expect(views).toHaveLength(records.length);
    expect(views.at(-1)?.record()).toEqual(records.at(-1));
    expect(error).toMatchObject({ reason: 'trailing-data', recordsRead: records.length });
  });

  it('still counts the records before the cut of a truncated file, as before', async () => {
    const { views, error } = await failure(gz.subarray(0, gz.length >> 1));
    expect(error).toMatchObject({ reason: 'truncated-gzip', recordsRead: views.length });
    expect(views.length).toBeGreaterThan(records.length / 3);
    expect(views.map((v) => v.record())).toEqual(records.slice(0, views.length));
  });

  it('reads as many records of a cut file, to the same offset, however its bytes come in chunks', async () => {
    // Prepare: a cut large file (the streaming path), as S3 may hand it over in chunks of any size
    const large = encodeLogFile(someRecords(9000));
    const cut = large.subarray(0, Math.floor(large.length * 0.55));
    // Act
    const reads = await Promise.all([cut.length, 65_536, 16_384, 4_096, 1_000].map((size) => failure(cut, size)));
    // Assess: one count and one offset (the damage alert's id hangs on it), the whole chunk's included
    const seen = reads.map(({ views, error }) => ({
      records: views.length,
      offset: (error as { offset?: number }).offset,
      reason: (error as { reason?: string }).reason,
    }));
    expect(new Set(seen.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(seen[0]?.reason).toBe('truncated-gzip');
    expect(seen[0]?.records).toBeGreaterThan(4000);
  });

  it.each([
    ['UTF-16LE', 'FF FE', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    [
      'UTF-16BE',
      'FE FF',
      (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ],
  ] as const)(
    'says a %s file is UTF-16, plain or gzipped, instead of JSON broken at its first byte',
    async (_, mark, encode) => {
      // Prepare: a log file saved as UTF-16, as PowerShell's `>` writes text
      const text = JSON.stringify({ Records: someRecords(3) });
      // Act
      const reads = [await failure(encode(text)), await failure(gzipSync(encode(text)))];
      // Assess
      for (const { views, error } of reads) {
        expect(views).toEqual([]);
        expect(error).toMatchObject({ reason: 'not-cloudtrail', offset: 0 });
        expect((error as Error).message).toContain(
          `UTF-16 text (byte order mark ${mark}), not UTF-8: save the file as UTF-8`
        );
      }
    }
  );

  it('reads a log file behind a UTF-8 byte order mark, plain or gzipped, the mark in one chunk or split', async () => {
    // Prepare: what a Windows tool writes when it saves a downloaded log file
    const records = someRecords(5);
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ Records: records }))]);
    // Act
    const reads = [await collect(marked), await collect(marked, 1), await collect(gzipSync(marked))];
    // Assess
    for (const { views, result } of reads) {
      expect(views.map((v) => v.record())).toEqual(records);
      expect(result.records).toBe(records.length);
    }
  });
});
