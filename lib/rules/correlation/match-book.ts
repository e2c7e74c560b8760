import type { CorrelationContext, CorrelationMatch, MatchGroup } from '../../model/correlation.js';

/**
 * One source's correlation matches, grouped by (correlation, group key) as they arrive, each group
 * in columns (MatchGroup): the group's id, key and context once, and per match only its eventTime,
 * eventID (16 bytes for a UUID), rule position (typed columns, outside the JavaScript heap) and
 * (value_count, chains) value and chain. The groups keep the order of
 * their first match and each group its matches in arrival order: what folding the source needs
 * (lib/pipelines/correlations.ts), and nothing of the record beyond it. Counted values are kept
 * flat.
 */
export class MatchBook {
  /** The groups, in the order of their first match. */
  readonly groups: MatchGroup[];
  readonly #byCorrelation = new Map<string, Shelf>();
  #size = 0;

  /** @param groups - groups to go on from (a worker's answer): kept as they are, added to in place */
  constructor(groups: readonly MatchGroup[] = []) {
    this.groups = [...groups];
    for (const group of this.groups) {
      const shelf = this.#slot(group.correlationId);
      shelf.byKey ??= new Map();
      shelf.byKey.set(group.groupKey, group);
      this.#size += group.count;
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
    const shelf = this.#slot(correlationId);
    // Most matches of a correlation in a file fall in the group of the one before.
    if (shelf.lastKey === groupKey && shelf.last !== undefined) return shelf.last;
    // A correlation's first group goes without a map: most have one group in a small file.
    if (shelf.byKey === undefined && shelf.last !== undefined)
      shelf.byKey = new Map([[shelf.lastKey as string, shelf.last]]);
    let group = shelf.byKey?.get(groupKey);
    if (group === undefined) {
      const at = takeRoom();
      group = {
        correlationId,
        groupKey,
        // Every field from the start: one object shape for every group.
        context: undefined,
        count: 0,
        times: new Float64Array(shared, at, FIRST_ROOM),
        eventIds: new Uint32Array(shared, at + TIMES_BYTES, 4 * FIRST_ROOM),
        eventIdTexts: undefined,
        rules: new Int32Array(shared, at + TIMES_BYTES + EVENT_IDS_BYTES, FIRST_ROOM),
        values: undefined,
        chains: undefined,
      };
      shelf.byKey?.set(groupKey, group);
      this.groups.push(group);
    }
    shelf.lastKey = groupKey;
    shelf.last = group;
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
    const n = group.count;
    if (group.context === undefined && Number.isFinite(time)) group.context = context();
    if (n === group.times.length) grow(group);
    group.times[n] = time;
    packEventId(group, n, eventId);
    group.rules[n] = rule;
    group.count = n + 1;
    if (value !== undefined || group.values !== undefined) {
      group.values ??= new Array<string | undefined>(n).fill(undefined);
      group.values.push(value === undefined ? undefined : flat(value));
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
      for (let i = 0; i < g.count; i++) {
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

  #slot(correlationId: string): Shelf {
    let shelf = this.#byCorrelation.get(correlationId);
    if (shelf === undefined) {
      shelf = { byKey: undefined, lastKey: undefined, last: undefined };
      this.#byCorrelation.set(correlationId, shelf);
    }
    return shelf;
  }
}

/**
 * A counted value made flat: a value joined from a record's fields is a tree of its parts until
 * read (reading a character flattens it), and would keep those parts too.
 */
const flat = (value: string): string => {
  value.charCodeAt(0);
  return value;
};

/**
 * The book of matches given one by one (an event's, a test's), grouped as a detector groups them.
 * @param matches - the matches, in order
 */
export const matchBookOf = (matches: readonly CorrelationMatch[]): MatchBook => {
  const book = new MatchBook();
  for (const m of matches) book.addMatch(m);
  return book;
};

/**
 * One correlation's groups in a book, by group key (undefined while it has one group, then `last`),
 * and the group the last match went to.
 */
type Shelf = {
  byKey: Map<string, MatchGroup> | undefined;
  lastKey: string | undefined;
  last: MatchGroup | undefined;
};

/** The room a group's columns start with; they double when full. */
const FIRST_ROOM = 8;
const TIMES_BYTES = 8 * FIRST_ROOM;
const EVENT_IDS_BYTES = 16 * FIRST_ROOM;
/** The bytes of a new group's three columns. */
const FIRST_BYTES = TIMES_BYTES + EVENT_IDS_BYTES + 4 * FIRST_ROOM;
/**
 * New groups' first columns are views of one shared buffer, cut in turn: one allocation for a
 * few hundred groups instead of three each (a small file opens a group for most of its matches).
 * A group that grows gets columns of its own; a worker posts copies cut to the matches (packed
 * per message, lib/cli/packed-match-groups.ts), so a shared buffer never crosses threads.
 */
const ROOM_BYTES = 256 * FIRST_BYTES;
let shared = new ArrayBuffer(ROOM_BYTES);
let roomUsed = 0;
/** The offset of a new group's columns in `shared` (a fresh buffer when this one is used up). */
const takeRoom = (): number => {
  if (roomUsed + FIRST_BYTES > ROOM_BYTES) {
    shared = new ArrayBuffer(ROOM_BYTES);
    roomUsed = 0;
  }
  const at = roomUsed;
  roomUsed += FIRST_BYTES;
  return at;
};

/** Doubles the room of a group's typed columns, keeping what they hold. */
const grow = (group: MatchGroup): void => {
  const room = Math.max(FIRST_ROOM, 2 * group.times.length);
  const times = new Float64Array(room);
  times.set(group.times);
  group.times = times;
  const eventIds = new Uint32Array(4 * room);
  eventIds.set(group.eventIds);
  group.eventIds = eventIds;
  const rules = new Int32Array(room);
  rules.set(group.rules);
  group.rules = rules;
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

/**
 * Packs a lowercase UUID into four 32-bit numbers at `ids[at..at+3]` (in the order of its
 * digits, so the numbers compare as the texts do).
 * @returns false (the numbers left half-written) when `eventId` is no lowercase UUID
 */
export const packUuid = (eventId: string, ids: Uint32Array, at: number): boolean => {
  if (eventId.length !== 36) return false;
  let value = 0;
  let digits = 0;
  let word = at;
  for (let i = 0; i < 36; i++) {
    const code = eventId.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== DASH) return false;
      continue;
    }
    const d = code < 128 ? (NIBBLE[code] as number) : -1;
    if (d < 0) return false;
    value = value * 16 + d;
    if (++digits === 8) {
      ids[word++] = value;
      value = 0;
      digits = 0;
    }
  }
  return true;
};

/** The last eventID packed, and its four numbers: a record matching several rules packs once. */
let lastEventId = '';
let lastPacked = false;
const LAST_WORDS = new Uint32Array(4);

/** {@link packUuid}, copied from the last call's numbers when the eventID is the same. */
const packUuidOnce = (eventId: string, ids: Uint32Array, at: number): boolean => {
  if (eventId !== lastEventId || eventId === '') {
    lastPacked = packUuid(eventId, LAST_WORDS, 0);
    lastEventId = eventId;
  }
  if (!lastPacked) return false;
  ids[at] = LAST_WORDS[0] as number;
  ids[at + 1] = LAST_WORDS[1] as number;
  ids[at + 2] = LAST_WORDS[2] as number;
  ids[at + 3] = LAST_WORDS[3] as number;
  return true;
};

/**
 * Stores match `n`'s eventID as the group's four numbers, or (no lowercase UUID) as its text in
 * `eventIdTexts`.
 */
const packEventId = (group: MatchGroup, n: number, eventId: string): void => {
  const packed = packUuidOnce(eventId, group.eventIds, 4 * n);
  if (packed && group.eventIdTexts === undefined) return;
  if (!packed) group.eventIds.fill(0, 4 * n, 4 * n + 4);
  group.eventIdTexts ??= new Array<string | undefined>(n).fill(undefined);
  group.eventIdTexts[n] = packed ? undefined : eventId;
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
  return uuidAt(group.eventIds, 4 * i);
};

/**
 * The lowercase UUID packed at `ids[at..at+3]` ({@link packUuid}).
 * @param ids - packed UUIDs
 * @param at - where the UUID's first number stands
 */
export const uuidAt = (ids: Uint32Array, at: number): string => {
  let digit = 0;
  for (let k = 0; k < 4; k++) {
    let value = ids[at + k] as number;
    for (let j = 7; j >= 0; j--) {
      codes[DIGIT_AT[digit + j] as number] = HEX[value & 15] as number;
      value >>>= 4;
    }
    digit += 8;
  }
  return String.fromCharCode.apply(null, codes);
};
