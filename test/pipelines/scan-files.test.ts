import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalLogFile } from '../../lib/local/find-log-files.js';
import { openLocalFile } from '../../lib/local/open-local-file.js';
import { scanFiles } from '../../lib/pipelines/scan-files.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { someRecords } from '../helpers/log-files.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('scanFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-scan-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the run at the turn of a file that cannot be opened, with no unhandled rejection before it', async () => {
    // Prepare: four files, the third gone; a caller that waits on I/O after each summary
    const files: LocalLogFile[] = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const bytes = encodeLogFile(someRecords(20, i + 1));
        const path = join(dir, `f${i}.json.gz`);
        await writeFile(path, bytes);
        return { path, ref: { bucket: 'local', key: `f${i}.json.gz`, size: bytes.length }, size: bytes.length };
      })
    );
    await unlink(files[2]?.path as string);
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    const seen: string[] = [];
    // Act
    try {
      const run = (async () => {
        for await (const summary of scanFiles(files, { open: openLocalFile, log: silent })) {
          seen.push(summary.key);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await expect(run).rejects.toThrow(/ENOENT.*f2\.json\.gz/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', listener);
    }
    // Assess
    expect(seen).toEqual(['f0.json.gz', 'f1.json.gz']);
    expect(unhandled).toEqual([]);
  });
});
