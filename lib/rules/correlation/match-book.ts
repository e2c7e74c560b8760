import type { CorrelationContext, CorrelationMatch, MatchGroup } from '../../model/correlation.js';

/**
 * One source's correlation matches, grouped by (correlation, group key) as they arrive, each group
 * in columns (MatchGroup): the group's id, key and context once, and per match only its eventTime,
 * eventID (three numbers for a UUID), rule position and (value_count, chains) value and chain. The groups keep the order of
 * their first match and each group its matches in arrival order: what folding the source needs
 * (lib/pipelines/correlations.ts), and nothing of the record beyond it. Counted values are kept
 * once per distinct value.
 */
export class MatchBook {
  /** The groups, in the order of their first match. */
  readonly groups: MatchGroup[];
  readonly #byCorrelation = new Map<string, Map<string, MatchGroup>>();
  readonly #values = new Map<string, string>();
  #size = 0;

  /** @param groups - groups to go on from (a worker's answer): kept as they are, added to in place */
  constructor(groups: readonly MatchGroup[] = []) {
    this.groups = [...groups];
    for (const group of this.groups) {
      this.#slot(group.correlationId).set(group.groupKey, group);
      this.#size += group.times.length;
    }
  }

  /** How many matches the book holds. */
  get size(): number {
    return this.#size;
  }

  /**
   * The group of (correlation, group key), created after the others when new.
   * @param correlationId - the correlation
   * @param groupKey - the group key
   */
  group(correlationId: string, groupKey: string): MatchGroup {
    const byKey = this.#slot(correlationId);
    let group = byKey.get(groupKey);
    if (group === undefined) {
      group = { correlationId, groupKey, times: [], eventIds: [], rules: [] };
      byKey.set(groupKey, group);
      this.groups.push(group);
    }
    return group;
  }

  /**
   * Adds one match to its group.
   * @param group - the match's group (from {@link MatchBook.group})
   * @param time - eventTime, epoch ms (NaN: none)
   * @param eventId - eventID
   * @param rule - the position of the matching rule in the correlation's rules
   * @param value - value_count: the counted value
   * @param chain - chains: the group keys of the correlations above
   * @param context - the match's context, asked only for the group's first match with an eventTime
   */
  add(
    group: MatchGroup,
    time: number,
    eventId: string,
    rule: number,
    value: string | undefined,
    chain: Record<string, string> | undefined,
    context: () => CorrelationContext
  ): void {
    const n = group.times.length;
    if (group.context === undefined && Number.isFinite(time)) group.context = context();
    group.times.push(time);
    packEventId(group, n, eventId);
    group.rules.push(rule);
    if (value !== undefined || group.values !== undefined) {
      group.values ??= new Array<string | undefined>(n).fill(undefined);
      group.values.push(value === undefined ? undefined : this.#once(value));
    }
    if (chain !== undefined || group.chains !== undefined) {
      group.chains ??= new Array<Record<string, string> | undefined>(n).fill(undefined);
      group.chains.push(chain);
    }
    this.#size++;
  }

  /**
   * Adds one match given as a CorrelationMatch.
   * @param m - the match
   */
  addMatch(m: CorrelationMatch): void {
    this.add(this.group(m.correlationId, m.groupKey), m.time, m.eventId, m.rule, m.value, m.chain, () => m.context);
  }

  /**
   * The matches one by one, group after group (each in arrival order), each with its group's
   * context: what a fold of them reads.
   */
  matches(): CorrelationMatch[] {
    const out: CorrelationMatch[] = [];
    for (const g of this.groups) {
      const context = g.context ?? {};
      for (let i = 0; i < g.times.length; i++) {
        const value = g.values?.[i];
        const chain = g.chains?.[i];
        out.push({
          correlationId: g.correlationId,
          groupKey: g.groupKey,
          rule: g.rules[i] as number,
          time: g.times[i] as number,
          eventId: eventIdAt(g, i),
          ...(value !== undefined && { value }),
          context,
          ...(chain !== undefined && { chain }),
        });
      }
    }
    return out;
  }

  #slot(correlationId: string): Map<string, MatchGroup> {
    let byKey = this.#byCorrelation.get(correlationId);
    if (byKey === undefined) {
      byKey = new Map();
      this.#byCorrelation.set(correlationId, byKey);
    }
    return byKey;
  }

  /** One copy of each counted value. */
  #once(value: string): string {
    const known = this.#values.get(value);
    if (known !== undefined) return known;
    this.#values.set(value, value);
    return value;
  }
}

/**
 * The book of matches given one by one (an event's, a test's), grouped as a detector groups them.
 * @param matches - the matches, in order
 */
export const matchBookOf = (matches: readonly CorrelationMatch[]): MatchBook => {
  const book = new MatchBook();
  for (const m of matches) book.addMatch(m);
  return book;
};

/** A hex digit's value by char code (-1: none). */
const NIBBLE = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) NIBBLE[d.toString(16).charCodeAt(0)] = d;
/** The char code of each nibble's lowercase hex digit. */
const HEX = Array.from({ length: 16 }, (_, d) => d.toString(16).charCodeAt(0));
const DASH = 45;
/** Where a UUID's dashes stand. */
const isDashAt = (i: number): boolean => i === 8 || i === 13 || i === 18 || i === 23;
/** Where a UUID's 32 hex digits stand. */
const DIGIT_AT = Array.from({ length: 36 }, (_, i) => i).filter((i) => !isDashAt(i));
/** Hex digits per number of a packed UUID: 48 bits, 48 bits, 32 bits (each exact in a double). */
const DIGITS = [12, 12, 8];

/**
 * Stores match `n`'s eventID as the group's three numbers: a lowercase UUID as its 128 bits
 * (48, 48, 32), any other as -1s and its text in `eventIdTexts`.
 */
const packEventId = (group: MatchGroup, n: number, eventId: string): void => {
  const ids = group.eventIds;
  let packed = eventId.length === 36;
  let value = 0;
  let digits = 0;
  for (let i = 0; packed && i < 36; i++) {
    if (isDashAt(i)) {
      packed = eventId.charCodeAt(i) === DASH;
      continue;
    }
    const d = NIBBLE[eventId.charCodeAt(i)] ?? -1;
    if (d < 0) packed = false;
    value = value * 16 + d;
    if (++digits === 12) {
      ids.push(value);
      value = 0;
      digits = 0;
    }
  }
  if (packed) ids.push(value);
  else {
    ids.length = 3 * n;
    ids.push(-1, -1, -1);
  }
  if (packed && group.eventIdTexts === undefined) return;
  group.eventIdTexts ??= new Array<string | undefined>(n).fill(undefined);
  group.eventIdTexts.push(packed ? undefined : eventId);
};

/** Reused by {@link eventIdAt}: the char codes of one UUID. */
const codes = new Array<number>(36).fill(DASH);

/**
 * The eventID of a group's match, as the record had it.
 * @param group - the group
 * @param i - the match's position in the group
 */
export const eventIdAt = (group: MatchGroup, i: number): string => {
  const text = group.eventIdTexts?.[i];
  if (text !== undefined) return text;
  let digit = 32;
  for (let k = 2; k >= 0; k--) {
    let value = group.eventIds[3 * i + k] as number;
    for (let j = 0; j < (DIGITS[k] as number); j++) {
      const d = value % 16;
      value = (value - d) / 16;
      codes[DIGIT_AT[--digit] as number] = HEX[d] as number;
    }
  }
  return String.fromCharCode.apply(null, codes);
};
