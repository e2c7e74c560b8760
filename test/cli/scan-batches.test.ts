import { describe, expect, it } from 'vitest';
import { batchEnd } from '../../lib/cli/scan-in-workers.js';

const sized = (...sizes: number[]) => sizes.map((size) => ({ size }));

describe('batchEnd', () => {
  it('hands a worker eight small files in one message', () => {
    // Prepare
    const files = sized(...Array.from({ length: 20 }, () => 5_000));
    // Act
    const first = batchEnd(files, 0, 20);
    const second = batchEnd(files, first, 20);
    const last = batchEnd(files, 16, 20);
    // Assess
    expect([first, second, last]).toEqual([8, 16, 20]);
  });

  it('closes a batch at the file that brings it to half a mebibyte, and sends a big file alone', () => {
    // Prepare
    const files = sized(200_000, 200_000, 200_000, 200_000, 3_000_000, 1_000);
    // Act
    const ends = [batchEnd(files, 0, 6), batchEnd(files, 3, 6), batchEnd(files, 4, 6)];
    // Assess
    expect(ends).toEqual([3, 5, 5]);
  });

  it('never takes a file at or past the limit (the files the main thread may not run ahead to)', () => {
    // Prepare
    const files = sized(...Array.from({ length: 40 }, () => 100));
    // Act
    const end = batchEnd(files, 10, 13);
    // Assess
    expect(end).toBe(13);
  });
});
