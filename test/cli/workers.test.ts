import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findLogFiles } from '../../lib/local/find-log-files.js';
import { silentLog } from '../../lib/model/log.js';
import { memoryLimit, scanInWorkers, threadsThatFit, workerCount } from '../../lib/cli/scan-in-workers.js';
import { encodeLogFile, generateRecords, logFileKey } from '../../tools/sample/generate-trail.js';
import { runTrailwatch } from '../helpers/run-cli.js';

const ACCOUNT = '111122223333';

/** A trail copy with what can differ between threads: alerts, a damaged file, a skipped record, a big file. */
const writeTrail = async (dir: string, options: { damaged: boolean }): Promise<void> => {
  const put = async (i: number, body: Buffer, region = 'us-east-1') => {
    const path = join(
      dir,
      logFileKey(ACCOUNT, region, new Date(Date.UTC(2026, 0, 2, 3, 5 * i)), `W${String(i).padStart(15, '0')}`)
    );
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  };
  for (let i = 0; i < 9; i++) {
    const records = generateRecords({
      seed: 300 + i,
      account: ACCOUNT,
      region: i % 2 ? 'eu-west-1' : 'us-east-1',
      start: new Date(Date.UTC(2026, 0, 2, 3, 5 * i)),
      count: 20 + i * 7,
      notable: i % 3 === 0,
    });
    await put(i, encodeLogFile(records), i % 2 ? 'eu-west-1' : 'us-east-1');
  }
  const truncated = encodeLogFile(
    generateRecords({
      seed: 9,
      account: ACCOUNT,
      region: 'us-east-1',
      start: new Date(Date.UTC(2026, 0, 2, 4)),
      count: 200,
    })
  );
  if (options.damaged) await put(9, truncated.subarray(0, Math.floor(truncated.length / 2)));
  await put(
    10,
    gzipSync(
      Buffer.concat([
        Buffer.from('{"Records":[{"eventName":"A","eventSource":"s3.amazonaws.com"},{"eventName":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}]}'),
      ])
    )
  );
  // Over the whole-file limit (1 MiB): plain JSON, so it streams.
  const big = generateRecords({
    seed: 11,
    account: ACCOUNT,
    region: 'us-east-1',
    start: new Date(Date.UTC(2026, 0, 2, 5)),
    count: 900,
    notable: true,
  });
  await put(11, Buffer.from(JSON.stringify({ Records: big })));
};

describe('scan and detect in worker threads', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-workers-'));
    await writeTrail(dir, { damaged: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([['detect --format jsonl'], ['detect --format table'], ['detect --format jsonl --per-file']])(
    'prints the same bytes with 1 and 3 workers, a damaged file included: %s',
    async (line) => {
      const [command, ...options] = line.split(' ') as [string, ...string[]];
      // Act
      const one = await runTrailwatch([command, dir, ...options, '--workers', '1']);
      const three = await runTrailwatch([command, dir, ...options, '--workers', '3']);
      // Assess
      expect(one.rc).toBe(0);
      expect(three).toEqual(one);
      expect(one.stdout).toContain('log-file-damaged');
      expect(one.stderr).toContain('skipped record 1 (invalid-utf8)');
    }
  );

  it.each([['scan --format json'], ['scan --format table']])(
    'prints the same bytes with 1 and 3 workers, a damaged file included: %s',
    async (line) => {
      const [command, ...options] = line.split(' ') as [string, ...string[]];
      // Act
      const one = await runTrailwatch([command, dir, ...options, '--workers', '1']);
      const three = await runTrailwatch([command, dir, ...options, '--workers', '3']);
      // Assess
      expect(one.rc).toBe(0);
      expect(three).toEqual(one);
      expect(one.stdout).toContain('invalid-utf8');
      expect(one.stderr).toContain('truncated-gzip');
    }
  );

  it('reads the files in as many threads as asked (this one and worker threads), the summaries in file order', async () => {
    // Prepare
    const files = await findLogFiles([dir]);
    const threads = new Set<number>();
    // Act
    const keys: string[] = [];
    for await (const { summary } of scanInWorkers(files, {
      workers: 3,
      log: silentLog,
      onWorkerStart: (id) => threads.add(id),
    }))
      keys.push(summary.key);
    // Assess
    expect(threads.size).toBe(2);
    expect(keys).toEqual(files.map((f) => f.ref.key));
  });

  it('leaves counts and errors out of every summary with counts false, in this thread and in worker threads', async () => {
    // Prepare
    const files = await findLogFiles([dir]);
    const read = async (workers: number, counts?: boolean) => {
      const summaries: Array<Record<string, unknown>> = [];
      for await (const { summary } of scanInWorkers(files, {
        workers,
        log: silentLog,
        ...(counts === false && { counts }),
      }))
        summaries.push({ ...summary, processedAt: undefined, alerts: summary.alerts.map((a) => a.id) });
      return summaries;
    };
    // Act
    const full = await read(1);
    const one = await read(1, false);
    const three = await read(3, false);
    // Assess
    expect(full.some((s) => (s.counts as unknown[]).length > 0)).toBe(true);
    expect(one).toEqual(full.map((s) => ({ ...s, counts: [], errors: [] })));
    expect(three).toEqual(one);
  });

  it("keeps and replays only the log calls at the caller's level and above from every thread, with logLevel", async () => {
    // Prepare
    const files = await findLogFiles([dir]);
    const levels = async (logLevel?: 'warn') => {
      const calls: string[] = [];
      const keep = (level: string) => (message: string) => {
        calls.push(`${level} ${message}`);
      };
      const log = { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
      for await (const _ of scanInWorkers(files, { workers: 3, log, ...(logLevel && { logLevel }) })) {
        // Only the replayed log calls count here.
      }
      return calls;
    };
    // Act
    const all = await levels();
    const warn = await levels('warn');
    // Assess
    expect(all.filter((c) => c === 'info log file processed')).toHaveLength(files.length);
    // This thread's own call ('reading files') goes straight to the log, which filters it itself.
    expect(warn).toEqual(all.filter((c) => c !== 'info log file processed'));
    expect(warn).toContain('error log file damaged');
  });

  it('gives the same summaries, in file order, when there are more files than the threads may read ahead (workers handed files once ready)', async () => {
    // Prepare
    const many = await mkdtemp(join(tmpdir(), 'trailwatch-workers-many-'));
    try {
      for (let i = 0; i < 150; i++) {
        const start = new Date(Date.UTC(2026, 0, 3, 0, i));
        const records = generateRecords({ seed: 900 + i, account: ACCOUNT, region: 'us-east-1', start, count: 5 });
        const path = join(many, logFileKey(ACCOUNT, 'us-east-1', start, `M${String(i).padStart(15, '0')}`));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, encodeLogFile(records));
      }
      const files = await findLogFiles([many]);
      const read = async (workers: number) => {
        const summaries: unknown[] = [];
        for await (const { summary } of scanInWorkers(files, { workers, log: silentLog }))
          summaries.push({ ...summary, processedAt: undefined });
        return summaries;
      };
      // Act
      const one = await read(1);
      const two = await read(2);
      // Assess
      expect(one).toHaveLength(150);
      expect(two).toEqual(one);
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });

  it('leaves every file to the workers when this thread does not read (detect folds here), the summaries the same', async () => {
    // Prepare: more files than the threads may read ahead, so this thread reads some unless told not to.
    const many = await mkdtemp(join(tmpdir(), 'trailwatch-workers-fold-'));
    try {
      for (let i = 0; i < 100; i++) {
        const start = new Date(Date.UTC(2026, 0, 4, 0, i));
        const records = generateRecords({ seed: 700 + i, account: ACCOUNT, region: 'us-east-1', start, count: 5 });
        const path = join(many, logFileKey(ACCOUNT, 'us-east-1', start, `F${String(i).padStart(15, '0')}`));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, encodeLogFile(records));
      }
      const files = await findLogFiles([many]);
      const read = async (readHere: boolean) => {
        const threads = new Set<number>();
        const summaries: unknown[] = [];
        for await (const { summary, thread } of scanInWorkers(files, { workers: 2, log: silentLog, readHere })) {
          threads.add(thread ?? 0);
          summaries.push({ ...summary, processedAt: undefined });
        }
        return { threads, summaries };
      };
      // Act
      const shared = await read(true);
      const workersOnly = await read(false);
      // Assess
      expect(shared.threads.has(0)).toBe(true);
      expect([...workersOnly.threads]).toEqual([expect.any(Number)]);
      expect(workersOnly.threads.has(0)).toBe(false);
      expect(workersOnly.summaries).toEqual(shared.summaries);
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });

  it('keeps a few megabytes on the main thread unless --workers asks, and never more threads than files', async () => {
    const files = await findLogFiles([dir]);
    expect(workerCount(undefined, files)).toBe(1);
    expect(workerCount(4, files)).toBe(4);
    expect(workerCount(64, files)).toBe(files.length);
    expect(
      workerCount(
        undefined,
        files.map((f) => ({ ...f, size: 4 * 1024 * 1024 }))
      )
    ).toBeGreaterThanOrEqual(1);
  });

  it('starts threads unprompted from four cores on, and stays on the main thread with fewer', async () => {
    const big = (await findLogFiles([dir])).map((f) => ({ ...f, size: 4 * 1024 * 1024 }));
    expect(workerCount(undefined, big, 2)).toBe(1);
    expect(workerCount(undefined, big, 3)).toBe(1);
    expect(workerCount(undefined, big, 4)).toBe(Math.min(4, big.length));
    expect(workerCount(2, big, 2)).toBe(Math.min(2, big.length));
  });

  it('starts no more threads than fit in half the memory the process may use, unless --workers asks', async () => {
    const [one] = await findLogFiles([dir]);
    if (one === undefined) throw new Error('the fixture folder has no log file');
    const many = Array.from({ length: 16 }, (_, i) => ({ ...one, size: (4 + i) * 1024 * 1024 }));
    const MiB = 1024 * 1024;
    // 128 MB for the first thread and 48 MB for each more, in half the limit.
    expect(threadsThatFit(16 * 1024 * MiB)).toBeGreaterThan(16);
    expect(threadsThatFit(512 * MiB)).toBe(3);
    expect(threadsThatFit(256 * MiB)).toBe(1);
    expect(threadsThatFit(64 * MiB)).toBe(1);
    expect(workerCount(undefined, many, 8, 16 * 1024 * MiB)).toBe(8);
    expect(workerCount(undefined, many, 8, 512 * MiB)).toBe(3);
    expect(workerCount(undefined, many, 8, 256 * MiB)).toBe(1);
    expect(workerCount(6, many, 8, 256 * MiB)).toBe(6);
  });

  it("takes the memory limit from the process's cgroup, and the machine's when there is none", () => {
    const constrained = vi.spyOn(process, 'constrainedMemory');
    try {
      constrained.mockReturnValue(512 * 1024 * 1024);
      expect(memoryLimit()).toBe(Math.min(512 * 1024 * 1024, totalmem()));
      // No limit: Node 20 says 2^64 (or undefined), later versions 0.
      for (const none of [2 ** 64, 0, undefined]) {
        constrained.mockReturnValue(none as number);
        expect(memoryLimit()).toBe(totalmem());
      }
    } finally {
      constrained.mockRestore();
    }
  });
});
