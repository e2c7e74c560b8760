import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusFolder, smallFilesCorpus } from '../../bench/corpus.js';
import { runTrailwatch } from '../helpers/run-cli.js';

describe("the bench's small-files corpus", () => {
  let root: string;
  let corpus: CorpusFolder;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'trailwatch-corpus-'));
    corpus = await smallFilesCorpus(40, 11, root);
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('holds files of 2–50 records and 1–20 KB, as a quiet account delivers them', async () => {
    // Act
    const files = (await readdir(corpus.dir, { recursive: true })).filter((f) => f.endsWith('.json.gz'));
    const shapes = await Promise.all(
      files.map(async (f) => ({
        bytes: (await stat(join(corpus.dir, f))).size,
        records: (JSON.parse(gunzipSync(await readFile(join(corpus.dir, f))).toString()) as { Records: unknown[] })
          .Records.length,
      }))
    );
    // Assess
    expect(files).toHaveLength(40);
    for (const shape of shapes) {
      expect(shape.records).toBeGreaterThanOrEqual(2);
      expect(shape.records).toBeLessThanOrEqual(50);
      expect(shape.bytes).toBeGreaterThanOrEqual(1000);
      expect(shape.bytes).toBeLessThanOrEqual(20_000);
    }
    expect(shapes.reduce((n, s) => n + s.records, 0)).toBe(corpus.records);
  });

  it('is read by trailwatch scan as CloudTrail log files, every record counted', async () => {
    // Act
    const { rc, stdout } = await runTrailwatch(['scan', corpus.dir, '--format', 'json']);
    // Assess
    expect(rc).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ files: 40, events: corpus.records, badRecords: 0 });
  });
});
