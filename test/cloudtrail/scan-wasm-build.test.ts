import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BUILD = fileURLToPath(new URL('../../native/build.sh', import.meta.url));
const COMMITTED = fileURLToPath(new URL('../../lib/cloudtrail/scan-wasm.ts', import.meta.url));

const moduleBytes = (source: string): Buffer => {
  const base64 = /'([A-Za-z0-9+/=]+)'/.exec(source)?.[1];
  if (base64 === undefined) throw new Error('no base64 module in the generated file');
  return Buffer.from(base64, 'base64');
};

/** The tools named in the module's producers section, e.g. "Debian clang 14.0.6". */
const producers = (wasm: Buffer): string => {
  let at = 8;
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const text = (): string => {
    const length = leb();
    at += length;
    return wasm.toString('utf8', at - length, at);
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 0 && text() === 'producers') {
      const tools: string[] = [];
      for (let fields = leb(); fields > 0; fields--) {
        text();
        for (let values = leb(); values > 0; values--) tools.push(`${text()} ${text()}`);
      }
      return tools.join(', ');
    }
    at = end;
  }
  return 'no producers section';
};

describe('the committed WebAssembly scanner (lib/cloudtrail/scan-wasm.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-scan-wasm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what native/build.sh builds from native/scan.c, byte for byte', () => {
    const out = join(dir, 'scan-wasm.ts');
    const build = spawnSync('bash', [BUILD, out], { encoding: 'utf8' });
    expect(
      build.status,
      'native/build.sh could not build native/scan.c: install clang and lld (Debian: apt-get install clang lld; ' +
        `.ci/run installs them)\n${build.error?.message ?? ''}${build.stderr}`
    ).toBe(0);

    const committed = moduleBytes(readFileSync(COMMITTED, 'utf8'));
    const rebuilt = moduleBytes(readFileSync(out, 'utf8'));
    expect(
      rebuilt.equals(committed),
      `the rebuilt module (${rebuilt.length} bytes, ${producers(rebuilt)}) differs from the committed one ` +
        `(${committed.length} bytes, ${producers(committed)}): if native/scan.c changed, run npm run build:wasm ` +
        'and commit lib/cloudtrail/scan-wasm.ts; otherwise build with the compiler the committed module names'
    ).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
  });
});
