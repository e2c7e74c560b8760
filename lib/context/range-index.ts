/**
 * Sorted range starts with a prefix index: for each address prefix (/16 for IPv4; /20 inside
 * 2000::/3 for IPv6) the last row starting at or before it, so a lookup binary-searches the few
 * rows of its prefix and touches a cache line or two, where a binary search over hundreds of
 * thousands of rows touches twenty. The first row must start at address 0 (gaps are rows too).
 * The IP tables store each family's index beside its rows (built at install by v4Index and
 * v6Index), so a process's first lookup builds nothing.
 */

/** Bits of an IPv4 address the index covers. */
const V4_SHIFT = 16;
/** IPv6: the index covers 2000::/3 by the first 20 bits. */
const V6_SHIFT = 12;
const V6_FIRST = 0x2000_0000 >>> V6_SHIFT;
const V6_SLOTS = (0x4000_0000 >>> V6_SHIFT) - V6_FIRST;
/** The entries of an IPv4 index: one per /16, and one past the last. */
export const V4_INDEX_LENGTH = (1 << (32 - V4_SHIFT)) + 1;
/** The entries of an IPv6 index: one per /20 of 2000::/3, and one past the last. */
export const V6_INDEX_LENGTH = V6_SLOTS + 1;

/**
 * The prefix index of IPv4 rows: for each /16 (and one past the last), the last row starting at
 * or before its first address.
 * @param starts - the rows' starts, ascending from 0
 */
export const v4Index = (starts: Uint32Array): Uint32Array => {
  const index = new Uint32Array(V4_INDEX_LENGTH);
  let row = 0;
  for (let slot = 0; slot < index.length; slot++) {
    const first = slot * 2 ** V4_SHIFT;
    while (row + 1 < starts.length && (starts[row + 1] as number) <= first) row++;
    index[slot] = row;
  }
  return index;
};

/**
 * The prefix index of IPv6 rows: for each /20 of 2000::/3 (and one past the last), the last row
 * starting at or before it.
 * @param starts - the rows' starts, four words each, ascending from ::
 */
export const v6Index = (starts: Uint32Array): Uint32Array => {
  const index = new Uint32Array(V6_INDEX_LENGTH);
  const rows = starts.length / 4;
  let row = 0;
  for (let slot = 0; slot < index.length; slot++) {
    const w0 = ((V6_FIRST + slot) << V6_SHIFT) >>> 0;
    while (row + 1 < rows && atOrBefore(starts, row + 1, w0, 0, 0, 0)) row++;
    index[slot] = row;
  }
  return index;
};

/** IPv4 rows: ascending `starts` (the first 0), each row's value in `values`, and their {@link v4Index}. */
export class V4Ranges {
  readonly #starts: Uint32Array;
  readonly #values: Uint32Array;
  readonly #index: Uint32Array;

  constructor(starts: Uint32Array, values: Uint32Array, index: Uint32Array) {
    this.#starts = starts;
    this.#values = values;
    this.#index = index;
  }

  /**
   * The value of the row holding `address`.
   * @param address - unsigned 32-bit
   */
  find(address: number): number | undefined {
    const starts = this.#starts;
    const slot = address >>> V4_SHIFT;
    let lo = this.#index[slot] as number;
    let hi = this.#index[slot + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= address) lo = mid;
      else hi = mid - 1;
    }
    return this.#values[lo];
  }
}

/** IPv6 rows: ascending starts as four words each (most significant first; the first ::), a value per row, and their {@link v6Index}. */
export class V6Ranges {
  readonly #starts: Uint32Array;
  readonly #values: Uint32Array;
  readonly #index: Uint32Array;

  constructor(starts: Uint32Array, values: Uint32Array, index: Uint32Array) {
    this.#starts = starts;
    this.#values = values;
    this.#index = index;
  }

  /**
   * The value of the row holding an address.
   * @param words - four 32-bit words, most significant first
   */
  find(words: Uint32Array): number | undefined {
    const starts = this.#starts;
    const w0 = words[0] as number;
    const w1 = words[1] as number;
    const w2 = words[2] as number;
    const w3 = words[3] as number;
    const slot = (w0 >>> V6_SHIFT) - V6_FIRST;
    let lo = 0;
    let hi = this.#values.length - 1;
    if (slot >= 0 && slot < V6_SLOTS) {
      lo = this.#index[slot] as number;
      hi = this.#index[slot + 1] as number;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (atOrBefore(starts, mid, w0, w1, w2, w3)) lo = mid;
      else hi = mid - 1;
    }
    return this.#values[lo];
  }
}

/** Whether row `row` starts at or before the address. */
const atOrBefore = (starts: Uint32Array, row: number, w0: number, w1: number, w2: number, w3: number): boolean => {
  const at = 4 * row;
  const s0 = starts[at] as number;
  if (s0 !== w0) return s0 < w0;
  const s1 = starts[at + 1] as number;
  if (s1 !== w1) return s1 < w1;
  const s2 = starts[at + 2] as number;
  if (s2 !== w2) return s2 < w2;
  return (starts[at + 3] as number) <= w3;
};

/**
 * The range sections an IP table stores, in order: the IPv4 and IPv6 prefix indexes, then the IPv4
 * starts and values, then the IPv6 starts (four words each) and values. The builders write these
 * lists as u32 words; {@link readRanges} reads them back.
 * @param v4 - the IPv4 rows' starts and values
 * @param v6 - the IPv6 rows' starts (four words each) and values
 */
export const rangeSections = (
  v4: { starts: Uint32Array; values: ArrayLike<number> },
  v6: { starts: Uint32Array; values: ArrayLike<number> }
): ArrayLike<number>[] => [v4Index(v4.starts), v6Index(v6.starts), v4.starts, v4.values, v6.starts, v6.values];

/**
 * Reads the sections {@link rangeSections} wrote, as views.
 * @param take - gives the next `n` u32 words of the table
 * @param v4Rows - the table's IPv4 rows
 * @param v6Rows - its IPv6 rows
 */
export const readRanges = (
  take: (n: number) => Uint32Array,
  v4Rows: number,
  v6Rows: number
): { v4: V4Ranges; v6: V6Ranges } => {
  const v4Index = take(V4_INDEX_LENGTH);
  const v6Index = take(V6_INDEX_LENGTH);
  return {
    v4: new V4Ranges(take(v4Rows), take(v4Rows), v4Index),
    v6: new V6Ranges(take(4 * v6Rows), take(v6Rows), v6Index),
  };
};
