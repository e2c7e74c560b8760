import type { Severity } from '../../model/alert.js';
import type { FirstSeenCandidate } from '../../model/baseline.js';
import {
  type AlertGroup,
  byFirstMatch,
  joinGroup,
  joinMatch,
  openGroup,
  parseTime,
  type Stamp,
  toAlert,
} from './alert-groups.js';
import { firstSeenDedupKey } from './compile-rule.js';
import { MAX_ALERT_EVENT_IDS } from '../constants.js';
import type { RecordAccess } from './record-access.js';
import type { CompiledRule } from '../types.js';

/**
 * The one group a (rule, entity, key) keeps: its earliest alert window's, and the matches of that
 * window counted here but not yet in the group (`pending`: each after the group's last match,
 * once its earliest eventIDs are all found; `time`, `eventId`, `eventTime`: the latest of them).
 */
type Entry = {
  entity: string;
  key: string;
  bucket: number;
  group: AlertGroup;
  /** Whether the group lists its most eventIDs (MAX_ALERT_EVENT_IDS). */
  full: boolean;
  pending: number;
  time: number;
  eventId: string;
  eventTime: string;
};

/** The order of a match's time: records without an eventTime last (as alert-groups.ts orders them). */
const orderOf = (time: number): number => (Number.isNaN(time) ? Number.POSITIVE_INFINITY : time);

/** Whether the match (`time`, `eventId`) comes after (`t`, `id`) in the order alerts use. */
const after = (time: number, eventId: string, t: number, id: string): boolean => {
  const a = orderOf(time);
  const b = orderOf(t);
  return a > b || (a === b && eventId > id);
};

/** Counts an entry's pending matches into its group (count, last match), as joinMatch would have. */
const settle = (entry: Entry): void => {
  if (entry.pending === 0) return;
  const { group } = entry;
  group.count += entry.pending;
  group.last.time = entry.time;
  group.last.eventId = entry.eventId;
  group.last.eventTime = entry.eventTime;
  entry.pending = 0;
};

/**
 * The matches of first-seen rules in one file (or event), kept as one candidate per (rule,
 * entity, key): the group of the earliest alert window that has a match of that key, exactly as
 * {@link AlertGroups} would build it (count, first and last time, earliest eventIDs, sample,
 * resources, alert id). Matches in later windows can never be the candidate, so they cost a
 * comparison: no key string, no group. A file spread over two windows thus hands over the same
 * candidate, with the same alert, as when every window was grouped.
 *
 * A key's later matches in its window (most of them: a credential calls from one network all
 * day) are counted by `joinMatch`, which allocates nothing unless the match becomes the first or
 * is among the earliest the alert lists; once the group lists its most eventIDs, a match after
 * its last one (the usual case: records come in time order) can change only the count and the
 * last match, so it is counted in the entry alone, without reading the group, and settled into
 * the group before it is next read.
 *
 * Kept by rule, then entity, then key (the strings the rule gives, no joined key per match).
 */
export class FirstSeenGroups {
  readonly #byRule = new Map<CompiledRule, Map<string, Map<string, Entry>>>();
  /** The rule of the last match, and its entry of #byRule. */
  #lastRule: CompiledRule | undefined;
  #lastByEntity: Map<string, Map<string, Entry>> | undefined;

  /**
   * Adds one match of a first-seen rule.
   * @param rule - the first-seen rule that matched
   * @param entity - whose behaviour (non-empty)
   * @param key - what was seen (non-empty)
   * @param access - the matching record
   * @param severity - this match's severity, when the rule judges each record (`severityFor`)
   */
  add(rule: CompiledRule, entity: string, key: string, access: RecordAccess, severity?: Severity): void {
    const eventTime = (access.head.eventTime as string | undefined) ?? '';
    const time = parseTime(eventTime);
    const bucket = Number.isFinite(time) ? Math.floor(time / rule.windowMs) : Number.POSITIVE_INFINITY;
    // Most files' first-seen matches are one rule's: its map at hand, without a lookup.
    let byEntity = rule === this.#lastRule ? this.#lastByEntity : this.#byRule.get(rule);
    if (byEntity === undefined) {
      byEntity = new Map();
      this.#byRule.set(rule, byEntity);
    }
    this.#lastRule = rule;
    this.#lastByEntity = byEntity;
    let byKey = byEntity.get(entity);
    if (byKey === undefined) {
      byKey = new Map();
      byEntity.set(entity, byKey);
    }
    const entry = byKey.get(key);
    const eventId = (access.head.eventID as string | undefined) ?? '';
    if (entry !== undefined) {
      if (bucket > entry.bucket) return;
      if (bucket === entry.bucket) {
        // After the group's last match, with its earliest eventIDs all found: neither the first
        // match, the sample, the eventIDs nor the resources can change (joinMatch would only
        // count it and move the last match), and no severity to raise.
        if (
          entry.full &&
          severity === undefined &&
          (entry.pending > 0
            ? after(time, eventId, entry.time, entry.eventId)
            : after(time, eventId, entry.group.last.time, entry.group.last.eventId))
        ) {
          entry.pending++;
          entry.time = time;
          entry.eventId = eventId;
          entry.eventTime = eventTime;
          return;
        }
        settle(entry);
        joinMatch(entry.group, access, time, eventId, eventTime, severity);
        entry.full = entry.group.earliest.length >= MAX_ALERT_EVENT_IDS;
        return;
      }
    }
    const stamp: Stamp = { time, eventId };
    const group = openGroup(rule, firstSeenDedupKey(entity, key), access, stamp, eventTime);
    joinGroup(group, access, stamp, eventTime, severity);
    const full = group.earliest.length >= MAX_ALERT_EVENT_IDS;
    byKey.set(key, { entity, key, bucket, group, full, pending: 0, time, eventId, eventTime });
  }

  /**
   * The candidates, one per (rule, entity, key), ordered as alerts are (first time, then eventID,
   * then rule id).
   */
  candidates(): FirstSeenCandidate[] {
    const entries: Entry[] = [];
    for (const byEntity of this.#byRule.values())
      for (const byKey of byEntity.values())
        for (const entry of byKey.values()) {
          settle(entry);
          entries.push(entry);
        }
    entries.sort((a, b) => byFirstMatch(a.group, b.group));
    const out: FirstSeenCandidate[] = [];
    for (const { entity, key, group } of entries) {
      const alert = toAlert(group);
      const newEntity = group.rule.firstSeen?.newEntity;
      if (alert === undefined || newEntity === undefined) continue;
      out.push({
        ruleId: alert.ruleId,
        entity,
        key,
        time: Date.parse(alert.firstSeen),
        eventId: alert.eventIds[0] ?? '',
        newEntity,
        alert,
      });
    }
    return out;
  }
}
