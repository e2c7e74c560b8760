import { describe, expect, it } from 'vitest';
import { batchEnd, handOutEnd } from '../../lib/cli/scan-in-workers.js';

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

describe('handOutEnd', () => {
  it('hands a worker at most two big files, leaving the rest of a twenty-file folder to the other threads', () => {
    // Prepare
    const files = sized(...Array.from({ length: 20 }, () => 1_200_000));
    const hand = { files: 0, bytes: 0 };
    const ends: number[] = [];
    // Act
    for (let next = 0, end = 0; ; next = end) {
      end = handOutEnd(files, next, 20, hand, 5);
      if (end === next) break;
      ends.push(end);
      hand.files += end - next;
      hand.bytes += 1_200_000 * (end - next);
    }
    // Assess
    expect(ends).toEqual([1, 2]);
  });

  it('hands the next file to a worker that holds one file, however big', () => {
    // Prepare
    const files = sized(...Array.from({ length: 20 }, () => 3_000_000));
    // Act
    const end = handOutEnd(files, 1, 20, { files: 1, bytes: 3_000_000 }, 5);
    // Assess
    expect(end).toBe(2);
  });

  it('hands a worker up to sixteen small files, in batches of eight', () => {
    // Prepare
    const files = sized(...Array.from({ length: 100 }, () => 5_000));
    // Act
    const first = handOutEnd(files, 0, 64, { files: 0, bytes: 0 }, 100);
    const second = handOutEnd(files, first, 64, { files: first, bytes: 5_000 * first }, 100);
    const third = handOutEnd(files, second, 64, { files: second, bytes: 5_000 * second }, 100);
    // Assess
    expect([first, second, third]).toEqual([8, 16, 16]);
  });

  it('hands no file at or past the read-ahead limit, and smaller batches near the end of the run', () => {
    // Prepare
    const files = sized(...Array.from({ length: 100 }, () => 5_000));
    // Act
    const atLimit = handOutEnd(files, 64, 64, { files: 0, bytes: 0 }, 100);
    const nearEnd = handOutEnd(files, 95, 100, { files: 0, bytes: 0 }, 2);
    // Assess
    expect([atLimit, nearEnd]).toEqual([64, 97]);
  });
});
