/**
 * Runs at most `limit` tasks at once; further calls wait for a slot. Keeps memory flat when
 * hundreds of log files are hashed: each task streams, so memory is `limit` stream buffers.
 */
export const createLimiter = (limit: number) => {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so `limit` is never exceeded.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
};
