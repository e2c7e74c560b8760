import type { CorrelationContext } from '../../model/correlation.js';
import { parseTime } from '../engine/alert-groups.js';
import type { RecordAccess } from '../engine/record-access.js';
import { type CorrelationGraph, correlationGraph } from './correlation-graph.js';
import type { MatchBook } from './match-book.js';
import type { CorrelationRule } from './types.js';

/**
 * A correlation that references a rule, the rule's place in it, and whether correlations above
 * it chain on it; its id, group key and counted value read once here, so a match costs no
 * property lookups on the correlation.
 */
type Tap = {
  id: string;
  index: number;
  chained: boolean;
  groupKey: CorrelationRule['groupKey'];
  value: CorrelationRule['value'];
  /** value_count: a match without the counted value is not kept. */
  needsValue: boolean;
};

/** What a match of one rule feeds: one tap per correlation that references the rule ({@link CorrelationTaps.tapsOf}). */
export type RuleTaps = readonly Tap[];

const ACCOUNT = ['userIdentity', 'accountId'];
const PRINCIPAL = ['userIdentity', 'arn'];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * What the detector does with a match of a rule that correlations reference: one match per
 * correlation, in its group of the file's MatchBook (its group key and counted value read from the record
 * while it is at hand), and whether the rule still alerts on its own.
 */
export class CorrelationTaps {
  readonly correlations: readonly CorrelationRule[];
  readonly #byRule = new Map<string, Tap[]>();
  readonly #alone = new Set<string>();
  readonly #byId: ReadonlyMap<string, CorrelationRule>;
  readonly #graph: CorrelationGraph;
  /** The record the shared fields below were read from (its RecordAccess and serial). */
  #access: RecordAccess | undefined;
  #serial = -1;
  #time = 0;
  #eventId = '';
  #context: CorrelationContext | undefined;

  constructor(correlations: readonly CorrelationRule[]) {
    this.correlations = correlations;
    this.#byId = new Map(correlations.map((c) => [c.id, c]));
    this.#graph = correlationGraph(this.#byId);
    for (const correlation of correlations)
      correlation.rules.forEach((ruleId, index) => {
        const list = this.#byRule.get(ruleId) ?? [];
        list.push({
          id: correlation.id,
          index,
          chained: this.#graph.parentsOf(correlation.id).length > 0,
          groupKey: correlation.groupKey,
          value: correlation.value,
          needsValue: correlation.type === 'value_count',
        });
        this.#byRule.set(ruleId, list);
        if (correlation.generate) this.#alone.add(ruleId);
      });
  }

  /** Whether correlations reference the rule. */
  has(ruleId: string): boolean {
    return this.#byRule.has(ruleId);
  }

  /**
   * Whether the rule's matches go only to its correlations: every correlation that references
   * it leaves `generate` false (Sigma's default), and a threshold rule always.
   */
  silences(ruleId: string): boolean {
    return this.#byRule.has(ruleId) && !this.#alone.has(ruleId);
  }

  /**
   * The taps of a rule, to look up once (an engine's slot keeps them) and hand to
   * {@link CorrelationTaps.collectTaps} for each match; undefined when no correlation references it.
   * @param ruleId - the rule
   */
  tapsOf(ruleId: string): RuleTaps | undefined {
    return this.#byRule.get(ruleId);
  }

  /**
   * Adds one match per correlation that references the rule to the book, in its group.
   * @param ruleId - the rule that matched
   * @param access - the matching record
   * @param into - where the matches go
   */
  collect(ruleId: string, access: RecordAccess, into: MatchBook): void {
    const taps = this.#byRule.get(ruleId);
    if (taps) this.collectTaps(taps, access, into);
  }

  /**
   * {@link CorrelationTaps.collect} with the rule's taps already looked up ({@link CorrelationTaps.tapsOf}).
   * @param taps - the matching rule's taps
   * @param access - the matching record
   * @param into - where the matches go
   */
  collectTaps(taps: RuleTaps, access: RecordAccess, into: MatchBook): void {
    // What every match of one record shares, read once however many rules match the record (the
    // context only when a group takes it: a group keeps its first match's).
    if (this.#serial !== access.serial || this.#access !== access) {
      this.#access = access;
      this.#serial = access.serial;
      // Parsed once per run of equal eventTimes (a file's records come in runs of one second).
      this.#time = parseTime(text(access.head.eventTime) ?? '');
      this.#eventId = text(access.head.eventID) ?? '';
      this.#context = undefined;
    }
    const time = this.#time;
    const eventId = this.#eventId;
    for (let t = 0; t < taps.length; t++) {
      const tap = taps[t] as Tap;
      const index = tap.index;
      const value = tap.value === undefined ? undefined : tap.value(access, index);
      if (tap.needsValue && value === undefined) continue;
      const chain = tap.chained ? this.#chainOf(tap.id, access) : undefined;
      const group = into.group(tap.id, tap.groupKey(access, index));
      into.add(group, time, eventId, index, value, chain, this.#contextOfRecord);
    }
  }

  /** The context of the record at hand, read once per record. */
  readonly #contextOfRecord = (): CorrelationContext => {
    this.#context ??= contextOf(this.#access as RecordAccess);
    return this.#context;
  };

  /** The group keys, for this record, of every correlation above `id` in a chain (undefined: none). */
  #chainOf(id: string, access: RecordAccess, into?: Record<string, string>): Record<string, string> | undefined {
    const parents = this.#graph.parentsOf(id);
    if (parents.length === 0) return into;
    const keys = into ?? {};
    for (const p of parents) {
      const parent = this.#byId.get(p.id);
      if (!parent || p.id in keys) continue;
      keys[p.id] = parent.groupKey(access, p.index);
      this.#chainOf(p.id, access, keys);
    }
    return keys;
  }
}

/** The context a match carries: account, region, principal and source address, each when the record has it. */
const contextOf = (access: RecordAccess): CorrelationContext => {
  const context: Record<string, string> = {};
  const account = text(access.head.recipientAccountId) ?? text(access.path(ACCOUNT));
  if (account !== undefined) context.account = account;
  const region = text(access.head.awsRegion);
  if (region !== undefined) context.region = region;
  const principal = text(access.path(PRINCIPAL));
  if (principal !== undefined) context.principal = principal;
  const sourceIPAddress = text(access.head.sourceIPAddress);
  if (sourceIPAddress !== undefined) context.sourceIPAddress = sourceIPAddress;
  return context;
};
