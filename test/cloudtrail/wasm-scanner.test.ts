import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../lib/cloudtrail/record-view.js';
import { RecordSplitter } from '../../lib/cloudtrail/split-records.js';
import type { SplitError } from '../../lib/cloudtrail/splitter/errors.js';
import {
  LOCATED_FIELDS,
  LOCATED_IDENTITY_FIELDS,
  LOCATED_SESSION_FIELDS,
} from '../../lib/cloudtrail/splitter/head-fields.js';
import { wasmScanner } from '../../lib/cloudtrail/wasm-scanner.js';
import { findKey } from '../../lib/rules/engine/raw-json.js';
import { createRandom } from '../../tools/sample/generate-trail.js';
import { someRecords } from '../helpers/log-files.js';

type Split = {
  records: Array<{ head: unknown; bytes: string; offset: number }>;
  problems: unknown[];
  error?: { kind: string };
};

const split = (bytes: Buffer, engine: 'wasm' | 'js', chunk = 64 * 1024, maxRecordBytes?: number): Split => {
  const out: Split = { records: [], problems: [] };
  const splitter = new RecordSplitter(
    (v: RecordView) =>
      out.records.push({ head: { ...v.head }, bytes: v.bytes?.().toString('utf8') ?? '', offset: v.offset }),
    (p) => out.problems.push(p),
    { engine, ...(maxRecordBytes !== undefined && { maxRecordBytes }) }
  );
  try {
    for (let i = 0; i < bytes.length; i += chunk) splitter.push(bytes.subarray(i, i + chunk));
    splitter.end();
  } catch (error) {
    out.error = { kind: (error as { kind: string }).kind };
  }
  return out;
};

describe('the WebAssembly scanner', () => {
  it('is available on this Node.js (WebAssembly SIMD)', () => {
    expect(wasmScanner()).not.toBeNull();
  });

  it.each([7, 1000, 64 * 1024])(
    'splits the same records with the same heads as the JavaScript walk (chunks of %i bytes)',
    (chunk) => {
      const plain = Buffer.from(JSON.stringify({ Records: someRecords(400, 11) }));
      const wasm = split(plain, 'wasm', chunk);
      expect(wasm.records).toHaveLength(400);
      expect(wasm).toEqual(split(plain, 'js', chunk));
    }
  );

  it('notes where each located member starts, and which a record lacks, as a scan of its bytes finds them', () => {
    // Prepare
    const records = [
      ...someRecords(300, 5),
      { eventName: 'A', vpcEndpointId: 'vpce-1', requestParameters: { accountId: 'x' }, accountId: '111122223333' },
      JSON.parse('{ "eventName" : "B",\n  "responseElements" :  null, "resources": [ {"ARN":"a"} ], "resources": [] }'),
    ];
    const text = Buffer.from(JSON.stringify({ Records: records }).replace('"eventName":"B"', '"eventName" : "B"'));
    const seen: Array<{ key: string; noted: number | undefined; scanned: number }> = [];
    const splitter = new RecordSplitter(
      (v: RecordView) => {
        const bytes = v.bytes?.() as Buffer;
        for (const key of LOCATED_FIELDS.keys())
          seen.push({ key, noted: v.valueStart?.(key), scanned: findKey(bytes, 0, key) });
      },
      () => {},
      { engine: 'wasm' }
    );
    // Act
    splitter.push(text);
    splitter.end();
    // Assess
    expect(seen.length).toBe(records.length * LOCATED_FIELDS.size);
    expect(seen.filter((s) => s.noted !== s.scanned)).toEqual([]);
    expect(seen.filter((s) => s.noted !== undefined && s.noted >= 0).length).toBeGreaterThan(records.length);
  });

  it('notes where the members of userIdentity and of its sessionContext start, as a walk of the bytes finds them', () => {
    // Prepare: generated records, and identities whose members sit anywhere, nest, or are absent
    const records: unknown[] = [
      ...someRecords(300, 9),
      { userIdentity: { type: 'AssumedRole', inScopeOf: { issuerType: 'AWS::Lambda::Function' } } },
      {
        userIdentity: {
          sessionContext: { ec2RoleDelivery: '2.0', sessionIssuer: { arn: 'a' }, attributes: { x: [1, { y: '}' }] } },
          principalId: 'AROA:i-0123',
          userName: 'n',
        },
      },
      { eventName: 'NoIdentity', requestParameters: { userIdentity: { sessionContext: {} } } },
      { userIdentity: { sessionContext: { attributes: { sessionIssuer: 'deeper, not a member' } } } },
    ];
    const text = Buffer.from(JSON.stringify({ Records: records }, null, 1));
    const seen: Array<{ record: number; key: string; noted: number | undefined; walked: number }> = [];
    const splitter = new RecordSplitter(
      (v: RecordView) => {
        const bytes = v.bytes?.() as Buffer;
        const identity = findKey(bytes, 0, 'userIdentity');
        const session = identity < 0 ? -1 : findKey(bytes, identity, 'sessionContext');
        for (const key of LOCATED_IDENTITY_FIELDS.keys())
          seen.push({
            record: v.index,
            key,
            noted: v.valueStart?.(key, 'userIdentity'),
            walked: identity < 0 ? -1 : findKey(bytes, identity, key),
          });
        for (const key of LOCATED_SESSION_FIELDS.keys())
          seen.push({
            record: v.index,
            key,
            noted: v.valueStart?.(key, 'userIdentity.sessionContext'),
            walked: session < 0 ? -1 : findKey(bytes, session, key),
          });
      },
      () => {},
      { engine: 'wasm' }
    );
    // Act
    splitter.push(text);
    splitter.end();
    // Assess
    expect(seen.length).toBe(records.length * (LOCATED_IDENTITY_FIELDS.size + LOCATED_SESSION_FIELDS.size));
    expect(seen.filter((s) => s.noted !== s.walked)).toEqual([]);
    expect(seen.filter((s) => s.key === 'ec2RoleDelivery' && s.noted !== undefined && s.noted >= 0)).toHaveLength(1);
    expect(
      seen.filter((s) => s.key === 'sessionContext' && s.noted !== undefined && s.noted >= 0).length
    ).toBeGreaterThan(100);
  });

  it.each([
    [
      'userIdentity twice',
      '{"userIdentity":{"type":"A"},"userIdentity":{"sessionContext":{"ec2RoleDelivery":"2.0"}}}',
      undefined,
    ],
    ['userIdentity an array', '{"userIdentity":[{"inScopeOf":{"issuerType":"AWS::ECS::Task"}}]}', undefined],
    ['userIdentity a string', '{"userIdentity":"{\\"inScopeOf\\":1}"}', undefined],
    ['sessionContext twice', '{"userIdentity":{"sessionContext":{},"sessionContext":{"ec2RoleDelivery":"2.0"}}}', -1],
    ['sessionContext an array', '{"userIdentity":{"sessionContext":[{"ec2RoleDelivery":"2.0"}]}}', -1],
    ['sessionContext whose members do not parse', '{"userIdentity":{"sessionContext":{"sessionIssuer" 1}}}', -1],
  ])(
    'leaves members unknown, not absent, where a walk from the first object could find them: %s',
    (_name, record, inScopeOf) => {
      // Prepare
      const noted: Array<Array<number | undefined>> = [];
      const splitter = new RecordSplitter(
        (v: RecordView) =>
          noted.push([
            v.valueStart?.('inScopeOf', 'userIdentity'),
            v.valueStart?.('ec2RoleDelivery', 'userIdentity.sessionContext'),
          ]),
        () => {},
        { engine: 'wasm' }
      );
      // Act
      splitter.push(Buffer.from(`{"Records":[${record},{"eventName":"Next"}]}`));
      splitter.end();
      // Assess: the next record, without an identity, lacks both
      expect(noted).toEqual([
        [inScopeOf, undefined],
        [-1, -1],
      ]);
    }
  );

  it('keeps the located places of every view it handed out, long after the records that followed', () => {
    // Prepare
    const records = someRecords(1300, 8);
    const text = Buffer.from(JSON.stringify({ Records: records }));
    const views: RecordView[] = [];
    const splitter = new RecordSplitter(
      (v: RecordView) => views.push(v),
      () => {},
      { engine: 'wasm' }
    );
    // Act
    splitter.push(text);
    splitter.end();
    const wrong = views.flatMap((v, i) =>
      [...LOCATED_FIELDS.keys()]
        .filter((key) => v.valueStart?.(key) !== findKey(v.bytes?.() as Buffer, 0, key))
        .map((key) => `${i}:${key}`)
    );
    // Assess
    expect(views).toHaveLength(records.length);
    expect(wrong).toEqual([]);
  });

  it('agrees with the JavaScript walk on pretty-printed JSON, escapes and nesting', () => {
    const records = [
      {
        eventName: 'A\\"b',
        userIdentity: { sessionContext: { attributes: { type: 'nested' } }, type: 'Root', arn: 'arn:aws:iam::1:root' },
        readOnly: true,
      },
      {
        eventSource: 's.amazonaws.com',
        requestParameters: { policy: '{"Statement":[{"Effect":"Allow"}]}', list: [[1, 2], { a: '}' }] },
        managementEvent: false,
      },
      { eventTime: '2026-01-02T03:04:05Z', errorCode: 'AccessDenied', 'weird \\" key': 1, n: -1.5e3, z: null },
    ];
    const text = Buffer.from(JSON.stringify({ Records: records }, null, 3));
    const wasm = split(text, 'wasm', 13);
    expect(wasm.records.map((r) => JSON.parse(r.bytes))).toEqual(records);
    expect(wasm).toEqual(split(text, 'js', 13));
  });

  it('finds where nested values end whatever the offset of escapes, quotes and brackets in their strings', () => {
    // Prepare: backslash runs of 1 to 5 before a quote, and brackets inside strings, at every
    // offset around the scanner's 64-byte blocks, in nested values and in the identity
    const records: unknown[] = [];
    for (let pad = 0; pad < 140; pad++)
      for (let run = 1; run <= 5; run++) {
        const tricky = `${'\\'.repeat(run)}"]}[{${'\\'.repeat(run - 1)}`;
        records.push({
          eventName: `E${pad}-${run}`,
          requestParameters: { pad: 'x'.repeat(pad), s: tricky, list: [tricky, { t: tricky }] },
          userIdentity: { type: 'IAMUser', arn: 'x'.repeat(pad % 70), sessionContext: { attributes: { s: tricky } } },
          responseElements: null,
        });
      }
    const text = Buffer.from(JSON.stringify({ Records: records }));
    // Act
    const wasm = split(text, 'wasm');
    // Assess
    expect(wasm.records.map((r) => JSON.parse(r.bytes))).toEqual(records);
    expect(wasm).toEqual(split(text, 'js'));
  });

  it('walks a nested value with a backslash outside its strings (not JSON) as the JavaScript walk does', () => {
    // Prepare: a stray backslash before a quote outside any string, at every offset around the
    // 64-byte blocks, some blocks starting inside a string
    const parts: string[] = [];
    for (let pad = 0; pad < 140; pad++)
      parts.push(
        `{"eventName":"E${pad}","requestParameters":{"p":"${'x'.repeat(pad)}","q":{"a":\\"}","b":[1,"]"]}},"eventSource":"s${pad}"}`
      );
    const text = Buffer.from(`{"Records":[${parts.join(',')}]}`);
    // Act
    const wasm = split(text, 'wasm');
    // Assess
    expect(wasm.records).toHaveLength(140);
    expect(wasm.records.map((r) => (r.head as { eventSource: string }).eventSource)).toEqual(
      parts.map((_, pad) => `s${pad}`)
    );
    expect(wasm).toEqual(split(text, 'js'));
  });

  it.each([
    ['userIdentity', '{"type":"IAMUser","arn":["a"}}'],
    ['userIdentity.sessionContext', '{"type":"AssumedRole","sessionContext":{"attributes":[}}}'],
    ['requestParameters', '{"a":{"b":[1,2}}'],
  ])('places the error of a record with unbalanced brackets in %s where the JavaScript walk does', (member, value) => {
    // Prepare
    const key = member.split('.')[0];
    const text = Buffer.from(`{"Records":[{"eventName":"A"},{"eventName":"B","${key}":${value}}]}`);
    const errorOf = (engine: 'wasm' | 'js') => {
      const splitter = new RecordSplitter(
        () => {},
        () => {},
        { engine }
      );
      try {
        splitter.push(text);
        splitter.end();
      } catch (error) {
        return { kind: (error as SplitError).kind, offset: (error as SplitError).offset };
      }
      return undefined;
    };
    // Act
    const wasm = errorOf('wasm');
    // Assess
    expect(wasm?.kind).toBe('invalid-json');
    expect(wasm).toEqual(errorOf('js'));
  });

  it('reads the same heads as the JavaScript walk past the most strings it numbers, escaped or long', () => {
    // Prepare: more distinct head strings than the scanner numbers (50,000), values that repeat
    // with escapes, and values too long to number
    const records = Array.from({ length: 34_000 }, (_, i) => ({
      eventName: i % 3 === 0 ? 'Café "quoted" \\ back' : 'GetObject',
      userAgent: `agent/${i} ${'x'.repeat(i % 80)}${i % 7 === 0 ? 'y'.repeat(300) : ''}`,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/u${i}` },
      awsRegion: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
    }));
    const text = Buffer.from(JSON.stringify({ Records: records }));
    // Act
    const wasm = split(text, 'wasm', 4096);
    // Assess
    expect(wasm.records).toHaveLength(records.length);
    expect(wasm.records.map((r) => (r.head as { userAgent: string }).userAgent)).toEqual(
      records.map((r) => r.userAgent)
    );
    expect(wasm).toEqual(split(text, 'js', 4096));
  });

  it('agrees with the JavaScript walk on randomly damaged documents: same records before the damage', () => {
    const random = createRandom(5);
    const good = Buffer.from(JSON.stringify({ Records: someRecords(60, 3) }));
    for (let round = 0; round < 200; round++) {
      const bad = Buffer.from(good);
      const at = random.int(bad.length);
      bad[at] = random.pick([0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x2c, 0x3a, 0x20]);
      const wasm = split(bad, 'wasm', 4096);
      const js = split(bad, 'js', 4096);
      // The structure checks differ in depth (WebAssembly checks key/value grammar at the record's
      // top level, JavaScript only its bytes), so compare the records both delivered.
      const common = Math.min(wasm.records.length, js.records.length);
      expect(wasm.records.slice(0, common)).toEqual(js.records.slice(0, common));
    }
  });

  it('falls back to JavaScript for a buffer larger than its memory and still splits it', () => {
    const capacity = wasmScanner()?.capacity ?? 0;
    const huge = { eventName: 'PutBucketPolicy', requestParameters: { policy: 'x'.repeat(capacity + 1000) } };
    const bytes = gzipSync(JSON.stringify({ Records: [huge, { eventName: 'After' }] }));
    const wasm = split(gunzipSync(bytes), 'wasm', capacity + 2000);
    expect(wasm.records.map((r) => (r.head as { eventName: string }).eventName)).toEqual(['PutBucketPolicy', 'After']);
  });

  it('reports a record whose top level is not key/value JSON as invalid JSON', () => {
    const result = split(Buffer.from('{"Records":[{"eventName":"A"},{"eventName" "B"}]}'), 'wasm');
    expect(result.records).toHaveLength(1);
    expect(result.error).toEqual({ kind: 'invalid-json' });
  });
});

/** A record whose `requestParameters` nests `levels` arrays and objects, with strings that look like brackets. */
const deepRecord = (levels: number): string =>
  `{"eventName":"Deep","requestParameters":${'{"a":"}]\\"",  "b":['.repeat(levels)}1${']}'.repeat(levels)},"readOnly":true}`;

/** `{"Records":[first, middle, last]}` with the offset where `middle` starts. */
const threeRecords = (middle: string): { bytes: Buffer; offset: number } => {
  const head = '{"Records":[{"eventName":"First","eventSource":"s3.amazonaws.com"},';
  return {
    bytes: Buffer.from(`${head}${middle},{"eventName":"Third","eventSource":"cloudtrail.amazonaws.com"}]}`),
    offset: Buffer.byteLength(head),
  };
};

const names = (result: Split): unknown[] => result.records.map((r) => (r.head as { eventName: string }).eventName);

describe('records the splitter skips and counts', () => {
  it.each([7, 100, 4096, 64 * 1024])(
    'skips a record nested deeper than 512 levels and delivers the next one (chunks of %i bytes)',
    (chunk) => {
      // Prepare
      const { bytes, offset } = threeRecords(deepRecord(300));
      // Act
      const wasm = split(bytes, 'wasm', chunk);
      const js = split(bytes, 'js', chunk);
      // Assess
      expect(names(wasm)).toEqual(['First', 'Third']);
      expect(wasm.error).toBeUndefined();
      expect(wasm.problems).toEqual([
        {
          index: 1,
          offset,
          reason: 'too-deep',
          message: `record 1 at offset ${offset} nests deeper than 512 levels: skipped`,
        },
      ]);
      expect(wasm.records[1]?.offset).toBe(offset + deepRecord(300).length + 1);
      expect(js).toEqual(wasm);
    }
  );

  it('delivers a record nested 512 levels below its member, the deepest the stack holds', () => {
    // Prepare: 256 × (object + array) = 512 levels under requestParameters
    const { bytes } = threeRecords(deepRecord(256));
    // Act
    const wasm = split(bytes, 'wasm');
    // Assess
    expect(names(wasm)).toEqual(['First', 'Deep', 'Third']);
    expect(split(bytes, 'js')).toEqual(wasm);
  });

  it('skips a record nested too deep inside userIdentity the same way in both engines', () => {
    // Prepare
    const identity = `{"eventName":"DeepIdentity","userIdentity":{"type":"Root","x":${'['.repeat(600)}${']'.repeat(600)}}}`;
    const { bytes, offset } = threeRecords(identity);
    // Act
    const wasm = split(bytes, 'wasm', 1000);
    // Assess
    expect(names(wasm)).toEqual(['First', 'Third']);
    expect(wasm.problems).toEqual([expect.objectContaining({ index: 1, offset, reason: 'too-deep' })]);
    expect(split(bytes, 'js', 1000)).toEqual(wasm);
  });

  it.each([7, 333, 4096, 64 * 1024])(
    'skips a record larger than the byte limit across chunk boundaries and delivers the next one (chunks of %i bytes)',
    (chunk) => {
      // Prepare: a 5,000-byte record against a 1,000-byte limit, with escaped quotes and brackets in its strings
      const large = `{"eventName":"Large","requestParameters":{"policy":"${'{\\"a\\":[1]}'.repeat(400)}"}}`;
      const { bytes, offset } = threeRecords(large);
      // Act
      const wasm = split(bytes, 'wasm', chunk, 1000);
      const js = split(bytes, 'js', chunk, 1000);
      // Assess
      expect(names(wasm)).toEqual(['First', 'Third']);
      expect(wasm.error).toBeUndefined();
      expect(wasm.problems).toEqual([
        {
          index: 1,
          offset,
          reason: 'too-large',
          message: `record 1 at offset ${offset} is larger than 1000 bytes: skipped`,
        },
      ]);
      expect(wasm.records[1]?.offset).toBe(offset + large.length + 1);
      expect(js).toEqual(wasm);
    }
  );

  it('walks over a record far larger than the limit holding no more than the limit and a chunk', () => {
    // Prepare: a 32 MiB record, fed in 256 KiB chunks against a 1 MiB limit
    const chunk = Buffer.alloc(256 * 1024, 0x78);
    const seen: string[] = [];
    const problems: unknown[] = [];
    const splitter = new RecordSplitter(
      (v) => seen.push(v.head.eventName ?? ''),
      (p) => problems.push(p.reason),
      { maxRecordBytes: 1024 * 1024 }
    );
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    // Act
    splitter.push(Buffer.from('{"Records":[{"eventName":"Large","requestParameters":{"blob":"'));
    for (let i = 0; i < 128; i++) {
      splitter.push(chunk);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    splitter.push(Buffer.from('"}},{"eventName":"After"}]}'));
    splitter.end();
    // Assess
    expect(seen).toEqual(['After']);
    expect(problems).toEqual(['too-large']);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  });

  it('still reports a file that ends inside a skipped record as damaged', () => {
    // Prepare
    const { bytes } = threeRecords(deepRecord(300));
    const cut = bytes.subarray(0, bytes.indexOf('1]}'));
    // Act
    const wasm = split(cut, 'wasm', 100);
    // Assess
    expect(names(wasm)).toEqual(['First']);
    expect(wasm.error).toEqual({ kind: 'invalid-json' });
    expect(split(cut, 'js', 100)).toEqual(wasm);
  });

  it.each([
    ['a closing bracket that does not match', '{"eventName":"Bad","requestParameters":{"a":[1}}'],
    [
      'a deep record whose brackets do not match before the depth is reached',
      `{"eventName":"Bad","x":[}${'['.repeat(600)}`,
    ],
  ])('still reports genuinely malformed structure as damage: %s', (_name, middle) => {
    // Prepare
    const { bytes } = threeRecords(middle);
    // Act
    const wasm = split(bytes, 'wasm');
    // Assess
    expect(names(wasm)).toEqual(['First']);
    expect(wasm.error).toEqual({ kind: 'invalid-json' });
    expect(split(bytes, 'js')).toEqual(wasm);
  });
});
