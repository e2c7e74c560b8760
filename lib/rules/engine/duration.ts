import type { Duration } from '../types.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration: a number of milliseconds, or `<n><unit>` with unit ms, s, m, h or d.
 * @param duration - `90s`, `10m`, `1h`, `1d`, or milliseconds
 * @returns milliseconds, or `undefined` when the text is not a positive duration
 */
export const parseDuration = (duration: Duration): number | undefined => {
  if (typeof duration === 'number') return Number.isFinite(duration) && duration > 0 ? duration : undefined;
  if (typeof duration !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(duration);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNITS[match[2] as string] as number);
  return ms > 0 ? ms : undefined;
};

/** Writes milliseconds back as the shortest exact `<n><unit>` (for alert details). */
export const formatDuration = (ms: number): string => {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNITS[unit] as number;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
};
