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
import type { RecordAccess } from './record-access.js';
import type { CompiledRule } from '../types.js';

/** The one group a (rule, entity, key) keeps: its earliest alert window's. */
type Entry = { entity: string; key: string; bucket: number; group: AlertGroup };

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
 * is among the earliest the alert lists.
 *
 * Kept by rule, then entity, then key (the strings the rule gives, no joined key per match).
 */
export class FirstSeenGroups {
  readonly #byRule = new Map<CompiledRule, Map<string, Map<string, Entry>>>();

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
    let byEntity = this.#byRule.get(rule);
    if (byEntity === undefined) {
      byEntity = new Map();
      this.#byRule.set(rule, byEntity);
    }
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
        joinMatch(entry.group, access, time, eventId, eventTime, severity);
        return;
      }
    }
    const stamp: Stamp = { time, eventId };
    const group = openGroup(rule, firstSeenDedupKey(entity, key), access, stamp, eventTime);
    byKey.set(key, { entity, key, bucket, group });
    joinGroup(group, access, stamp, eventTime, severity);
  }

  /**
   * The candidates, one per (rule, entity, key), ordered as alerts are (first time, then eventID,
   * then rule id).
   */
  candidates(): FirstSeenCandidate[] {
    const entries: Entry[] = [];
    for (const byEntity of this.#byRule.values())
      for (const byKey of byEntity.values()) for (const entry of byKey.values()) entries.push(entry);
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
