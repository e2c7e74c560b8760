import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../lib/cloudtrail/record-view.js';
import { RecordSplitter } from '../../lib/cloudtrail/split-records.js';
import { wasmScanner } from '../../lib/cloudtrail/wasm-scanner.js';
import { createRandom } from '../../tools/sample/generate-trail.js';
import { someRecords } from '../helpers/log-files.js';

type Split = {
  records: Array<{ head: unknown; bytes: string; offset: number }>;
  problems: unknown[];
  error?: { kind: string };
};

const split = (bytes: Buffer, engine: 'wasm' | 'js', chunk = 64 * 1024): Split => {
  const out: Split = { records: [], problems: [] };
  const splitter = new RecordSplitter(
    (v: RecordView) =>
      out.records.push({ head: { ...v.head }, bytes: v.bytes?.().toString('utf8') ?? '', offset: v.offset }),
    (p) => out.problems.push(p),
    { engine }
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
