import { type Severity, severityRank } from '../../model/alert.js';
import type { FirstSeenCandidate } from '../../model/baseline.js';
import { type AlertGroup, byFirstMatch, joinGroup, openGroup, parseTime, type Stamp, toAlert } from './alert-groups.js';
import { firstSeenDedupKey } from './compile-rule.js';
import { MAX_ALERT_EVENT_IDS, MAX_ALERT_RESOURCES } from '../constants.js';
import type { RecordAccess } from './record-access.js';
import { addResourceArns } from './resource-arns.js';
import type { CompiledRule } from '../types.js';

/** The one group a (rule, entity, key) keeps: its earliest alert window's. */
type Entry = { entity: string; key: string; bucket: number; group: AlertGroup };

/** A time as stamps order it: records without one last. */
const order = (time: number): number => (Number.isNaN(time) ? Number.POSITIVE_INFINITY : time);

/** Whether (time a, eventID a) comes before (time b, eventID b), as alert-groups' `before` orders stamps. */
const earlier = (aTime: number, aId: string, bTime: number, bId: string): boolean => {
  const a = order(aTime);
  const b = order(bTime);
  return a < b || (a === b && aId < bId);
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
 * day) are counted in place, as `joinGroup` counts them but allocating nothing unless the match
 * is among the earliest the alert lists: its time moves the group's `last` in place.
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
        count(entry.group, access, time, eventId, eventTime, severity);
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

/**
 * Counts a match into an open group of a first-seen rule (no threshold, so no times or distinct
 * values), with the result `joinGroup` gives: count, highest severity, first match and sample,
 * last match, the earliest eventIDs and their records' resources. Allocates only for a match
 * that becomes the first or enters the earliest eventIDs.
 */
const count = (
  group: AlertGroup,
  access: RecordAccess,
  time: number,
  eventId: string,
  eventTime: string,
  severity: Severity | undefined
): void => {
  group.count++;
  if (severity !== undefined && (group.severity === undefined || severityRank(severity) > severityRank(group.severity)))
    group.severity = severity;
  const { first, last, earliest } = group;
  if (earlier(time, eventId, first.time, first.eventId)) {
    group.first = { time, eventId, eventTime };
    group.sample = access.snapshot();
  }
  // The group owns `last` (openGroup and joinGroup make it apart from `first`): moved in place.
  if (earlier(last.time, last.eventId, time, eventId)) {
    last.time = time;
    last.eventId = eventId;
    last.eventTime = eventTime;
  }
  // The earliest stamps, sorted (a later equal stamp after the earlier ones), as joinGroup keeps them.
  const n = earliest.length;
  let i = n;
  if (n >= MAX_ALERT_EVENT_IDS) {
    const lastKept = earliest[n - 1] as Stamp;
    if (!earlier(time, eventId, lastKept.time, lastKept.eventId)) return;
    i = n - 1;
  }
  const stamp: Stamp = { time, eventId };
  if (i === n) earliest.push(stamp);
  while (i > 0 && earlier(time, eventId, (earliest[i - 1] as Stamp).time, (earliest[i - 1] as Stamp).eventId)) {
    earliest[i] = earliest[i - 1] as Stamp;
    i--;
  }
  earliest[i] = stamp;
  if (group.resources.size < MAX_ALERT_RESOURCES) addResourceArns(access, group.resources);
};
