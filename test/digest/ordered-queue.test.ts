import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../lib/digest/core/create-limiter.js';
import { OrderedQueue } from '../../lib/digest/validate-logs/ordered-queue.js';

const later = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('OrderedQueue', () => {
  it('yields in push order whatever the completion order, and throws a failure at its position', async () => {
    // Prepare
    const queue = new OrderedQueue<number>();
    queue.push(later(1, 30));
    queue.push(2);
    queue.push(later(3, 5));
    queue.fail(new Error('boom'));
    // Act
    const seen: number[] = [];
    const run = (async () => {
      for await (const n of queue.drain()) seen.push(n);
    })();
    // Assess
    await expect(run).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('createLimiter', () => {
  it('never runs more than the limit at once', async () => {
    // Prepare
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    // Act
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await later(null, (i % 4) + 1);
          active -= 1;
        })
      )
    );
    // Assess
    expect(peak).toBe(3);
  });
});
