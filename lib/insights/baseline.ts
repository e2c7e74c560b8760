/** Expected count of an hour and how far counts usually stray from it. */
export type Baseline = {
  /** Expected calls (or errors) in the hour. */
  expected: number;
  /** One unit of usual deviation (never below √expected, Poisson noise, nor 1). */
  noise: number;
  /** Hours of history it came from. */
  hours: number;
};

const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The median of a sorted list with one occurrence of `value` left out (undefined if none is left). */
const medianWithout = (sorted: readonly number[], value: number): number | undefined => {
  const size = sorted.length - 1;
  if (size <= 0) return undefined;
  const skip = sorted.indexOf(value);
  const at = (k: number): number => sorted[k < skip ? k : k + 1] as number;
  const mid = size >> 1;
  return size % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/** MAD → standard deviation for normally distributed residuals. */
const MAD_TO_SIGMA = 1.4826;
const DAY = 24;
/** Added to a median before dividing by it, so near-zero hours do not blow the relative spread up. */
const RELATIVE_FLOOR = 5;
/** Hours whose hour-of-day median is at least this share of the expected value count as similar. */
const SIMILAR_LEVEL = 0.5;

/**
 * The baseline of the hour right after `window`, with hour-of-day seasonality.
 *
 * Expected value: the larger of the median of the same hour on the previous days (seasonality:
 * a nightly batch at 02:00 is normal at 02:00) and the median of all hours (level). Noise: the
 * median absolute deviation of every hour from the median of its hour of day on the other
 * days, relative to that median and scaled to the expected value, floored at Poisson noise
 * √expected. Medians keep a past spike from inflating the baseline, so a repeat is still found
 * and a long incident does not hide itself for days.
 *
 * @param window - counts of the hours before the evaluated one, oldest first (up to 7 days)
 */
export const computeBaseline = (window: readonly number[]): Baseline => {
  const n = window.length;
  if (n === 0) return { expected: 0, noise: 1, hours: 0 };
  const level = median(window);
  // Hour-of-day classes counted back from the evaluated hour: class 0 is the same hour of day.
  const classes: number[][] = Array.from({ length: DAY }, () => []);
  for (let i = 0; i < n; i++) (classes[(n - i) % DAY] as number[]).push(window[i] as number);
  for (const values of classes) values.sort((a, b) => a - b);
  const classMedians = classes.map((values) => (values.length > 0 ? median(values) : level));
  const seasonal = (classes[0] as number[]).length > 0 ? (classMedians[0] as number) : level;
  const expected = Math.max(seasonal, level);
  // Call rates wobble in proportion to their level (bursty clients, retries), so the spread is
  // measured relative to each hour's hour-of-day median, over the hours of a similar level
  // (business hours when evaluating a business hour), and scaled to the expected value. The
  // median leaves the hour itself out: with 3 days of history an hour is often its class's own
  // median, and counting those zero residuals would halve the spread.
  const relative: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = (n - i) % DAY;
    const v = window[i] as number;
    const m = medianWithout(classes[c] as number[], v) ?? level;
    const r = Math.abs(v - m) / (m + RELATIVE_FLOOR);
    all.push(r);
    if ((classMedians[c] as number) >= SIMILAR_LEVEL * expected) relative.push(r);
  }
  const sigma = MAD_TO_SIGMA * median(relative.length >= 3 ? relative : all) * (expected + RELATIVE_FLOOR);
  return { expected, noise: Math.max(sigma, Math.sqrt(expected), 1), hours: n };
};
