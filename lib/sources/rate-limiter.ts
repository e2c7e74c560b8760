/** Waits for a turn: resolves when the next request of `key` may start. */
export type RateLimiter = { take(key: string): Promise<void> };

/** Clock and sleep, injectable so tests run without waiting. */
export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces requests of each key (e.g. `account/region`) at least `1000 / perSecond` ms apart,
 * so a reader keeps under an API's per-key request rate whatever the latency. Keys are
 * independent: two regions may be read at full speed each.
 * @param perSecond - the allowed requests per second per key
 * @param clock - time source (tests pass a fake)
 * @example
 * const limiter = rateLimiter(2); // LookupEvents: 2 requests per second per account and region
 * await limiter.take('111122223333/us-east-1');
 */
export const rateLimiter = (perSecond: number, clock: Clock = realClock): RateLimiter => {
  const interval = 1000 / perSecond;
  const next = new Map<string, number>();
  return {
    take: async (key) => {
      const now = clock.now();
      const at = Math.max(now, next.get(key) ?? now);
      next.set(key, at + interval);
      if (at > now) await clock.sleep(at - now);
    },
  };
};
