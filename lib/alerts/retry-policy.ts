/**
 * How a sink retries on top of the SDK's own retries: `attempts` rounds in all, with a
 * full-jitter exponential pause between rounds (the AWS Architecture Blog's "full jitter").
 */
export type RetryPolicy = {
  /** Rounds in all, the first included (each round is one SDK call with its own retries). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected in tests; `Math.random` otherwise. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/** Three rounds, pauses up to 0.25 s then 0.5 s: at most ~10 SDK calls per alert with SDK defaults. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/**
 * The pause before round `round + 1` (round counts from 1): uniform in [0, min(max, base·2^(round-1))].
 * @example backoffDelay(DEFAULT_RETRY_POLICY, 1) // somewhere in 0…250 ms
 */
export const backoffDelay = (policy: RetryPolicy, round: number): number => {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (round - 1));
  return Math.floor((policy.random ?? Math.random)() * cap);
};

/** Sleeps the jittered pause that follows `round`. */
export const pauseAfter = (policy: RetryPolicy, round: number): Promise<void> => {
  const ms = backoffDelay(policy, round);
  return (policy.sleep ?? ((d: number) => new Promise<void>((resolve) => setTimeout(resolve, d))))(ms);
};
