import type { CorrelationContext, CorrelationMatch } from '../model/correlation.js';

/**
 * A file's correlation matches as a worker thread posts them: one transferable buffer of numbers
 * and each distinct string once. A big file has thousands of matches that repeat a handful of
 * correlation ids, group keys and record contexts; posted as objects, each copy of each string
 * was serialized, copied and rebuilt (some 1.6 MB a file of 10,000 records), which cost both
 * threads more than the matches' folding itself.
 */
export type PackedMatches = {
  /** How many matches. */
  count: number;
  /** The distinct strings the columns point at. */
  strings: string[];
  /**
   * The columns, one after the other: `time` (Float64, epoch ms), then the Int32 columns of
   * `INT_COLUMNS` (string indexes; `value` -2 when absent; `rule` as it is; `context` an index
   * into `contexts`).
   */
  buffer: ArrayBuffer;
  /** Four string indexes per distinct context: account, region, principal, sourceIPAddress (-1: absent). */
  contexts: Int32Array;
  /** The matches that carry a `chain` (chains only; rare): match index, chain. */
  chains: Array<[number, Record<string, string>]>;
};

/** The Int32 columns, after the Float64 `time` column. */
const INT_COLUMNS = ['correlationId', 'groupKey', 'rule', 'eventId', 'value', 'context'] as const;
const [CORRELATION_ID, GROUP_KEY, RULE, EVENT_ID, VALUE, CONTEXT] = [0, 1, 2, 3, 4, 5];
const CONTEXT_FIELDS = ['account', 'region', 'principal', 'sourceIPAddress'] as const;

/**
 * Packs a file's matches for a worker's answer (see {@link PackedMatches}); transfer its `buffer`.
 * @param matches - the file's matches, in record order
 * @returns the matches packed; {@link unpackMatches} gives them back equal, properties in the same order
 */
export const packMatches = (matches: readonly CorrelationMatch[]): PackedMatches => {
  const count = matches.length;
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const intern = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      indexOf.set(value, index);
    }
    return index;
  };
  // A record's matches share its context object: one entry per object.
  const contextIndex = new Map<CorrelationContext, number>();
  const contextFields: number[] = [];
  const chains: PackedMatches['chains'] = [];
  const buffer = new ArrayBuffer(count * (8 + 4 * INT_COLUMNS.length));
  const time = new Float64Array(buffer, 0, count);
  const ints = new Int32Array(buffer, 8 * count, count * INT_COLUMNS.length);
  for (let i = 0; i < count; i++) {
    const m = matches[i] as CorrelationMatch;
    time[i] = m.time;
    ints[CORRELATION_ID * count + i] = intern(m.correlationId);
    ints[GROUP_KEY * count + i] = intern(m.groupKey);
    ints[RULE * count + i] = m.rule;
    ints[EVENT_ID * count + i] = intern(m.eventId);
    ints[VALUE * count + i] = 'value' in m ? intern(m.value) : -2;
    let context = contextIndex.get(m.context);
    if (context === undefined) {
      context = contextIndex.size;
      contextIndex.set(m.context, context);
      for (const field of CONTEXT_FIELDS) contextFields.push(field in m.context ? intern(m.context[field]) : -1);
    }
    ints[CONTEXT * count + i] = context;
    if (m.chain !== undefined) chains.push([i, m.chain]);
  }
  return { count, strings, buffer, contexts: Int32Array.from(contextFields), chains };
};

/**
 * The matches a worker packed, as the detector made them: each record's matches share one context
 * object, properties in the detector's order (so alerts built from them print the same).
 * @param packed - what {@link packMatches} made
 * @returns the matches, in record order
 */
export const unpackMatches = (packed: PackedMatches): CorrelationMatch[] => {
  const { count, strings, buffer } = packed;
  const time = new Float64Array(buffer, 0, count);
  const ints = new Int32Array(buffer, 8 * count, count * INT_COLUMNS.length);
  const fields = packed.contexts;
  const contexts: CorrelationContext[] = [];
  for (let c = 0; c < fields.length / CONTEXT_FIELDS.length; c++) {
    const context: Record<string, string> = {};
    for (let f = 0; f < CONTEXT_FIELDS.length; f++) {
      const index = fields[CONTEXT_FIELDS.length * c + f] as number;
      if (index >= 0) context[CONTEXT_FIELDS[f] as string] = strings[index] as string;
    }
    contexts.push(context);
  }
  const chainOf = new Map(packed.chains);
  const matches: CorrelationMatch[] = new Array(count);
  const string = (column: number, i: number): string => strings[ints[column * count + i] as number] as string;
  for (let i = 0; i < count; i++) {
    const correlationId = string(CORRELATION_ID, i);
    const groupKey = string(GROUP_KEY, i);
    const rule = ints[RULE * count + i] as number;
    const eventId = string(EVENT_ID, i);
    const context = contexts[ints[CONTEXT * count + i] as number] as CorrelationContext;
    const valueIndex = ints[VALUE * count + i] as number;
    const chain = chainOf.get(i);
    const t = time[i] as number;
    // The detector's four shapes (lib/rules/correlation/correlation-taps.ts), in its property order.
    matches[i] =
      valueIndex === -2
        ? chain === undefined
          ? { correlationId, groupKey, rule, time: t, eventId, context }
          : { correlationId, groupKey, rule, time: t, eventId, context, chain }
        : chain === undefined
          ? { correlationId, groupKey, rule, time: t, eventId, value: strings[valueIndex] as string, context }
          : { correlationId, groupKey, rule, time: t, eventId, value: strings[valueIndex] as string, context, chain };
  }
  return matches;
};
