import { describe, expect, it } from 'vitest';
import { isolatedRounds, notableLogFile } from '../../bench/detection-rounds.js';

const PACKS = new URL('../../bench/pack-versions.ts', import.meta.url).href;

describe("the benches' isolated rounds", () => {
  it('reads the file once a round in each variant’s own process, warm-up round left out', async () => {
    // Prepare
    const file = notableLogFile(300, 'BENCHTESTROUNDS0');
    // Act
    const { reads, alerts } = await isolatedRounds(
      file,
      [
        { module: PACKS, name: 'packDetector', arg: { none: true } },
        { module: PACKS, name: 'packDetector', arg: {} },
      ],
      { rounds: 3, records: 300 }
    );
    // Assess
    expect(reads.map((series) => series.length)).toEqual([3, 3]);
    for (const series of reads)
      for (const read of series) {
        expect(read.records).toBe(300);
        expect(read.cpu).toBeGreaterThan(0);
        expect(read.ms).toBeGreaterThan(0);
      }
    const pids = reads.map((series) => new Set(series.map((r) => r.pid)));
    expect(pids.map((p) => p.size)).toEqual([1, 1]);
    expect(new Set([...(pids[0] ?? []), ...(pids[1] ?? []), process.pid]).size).toBe(3);
    // No rules alert nothing; the built-in pack finds the notable calls.
    expect(alerts[0]).toBe(0);
    expect(alerts[1]).toBeGreaterThan(0);
  }, 60_000);

  it('fails with the reason when a variant cannot be built', async () => {
    // Act & Assess
    await expect(
      isolatedRounds(notableLogFile(10, 'BENCHTESTROUNDS1'), [{ module: PACKS, name: 'noSuchExport' }], {
        rounds: 1,
        records: 10,
      })
    ).rejects.toThrow(/exports no function noSuchExport/);
  }, 60_000);

  it('fails when a read gives another number of records', async () => {
    // Act & Assess
    await expect(
      isolatedRounds(notableLogFile(10, 'BENCHTESTROUNDS2'), [{ module: PACKS, name: 'packDetector', arg: {} }], {
        rounds: 1,
        records: 11,
      })
    ).rejects.toThrow('read 10 of 11 records');
  }, 60_000);
});
