import { contributionsOf } from '../incidents/contributions.js';
import { type Contribution, foldIncident, isLive, notificationOf } from '../incidents/fold-incident.js';
import { type Alert, type AlertDraft, type AlertSink, isAlertDraft } from '../model/alert.js';
import { TrailwatchError } from '../model/errors.js';
import type { IncidentStore, IncidentWrite, LocalIncidentStore, StoredIncident } from '../model/incident.js';
import type { Clock } from '../model/ports.js';

/** How many times a write that lost a race is read and folded again before the invocation fails. */
const MAX_ATTEMPTS = 8;

/** Writers kept losing the race for one incident: the invocation fails and is retried. */
export class IncidentConflictError extends TrailwatchError {
  constructor(key: string) {
    super(`incident ${key}: the store kept changing under ${MAX_ATTEMPTS} attempts to fold into it`);
    this.name = 'IncidentConflictError';
  }
}

export type IncidentDeps = {
  store: IncidentStore;
  now?: Clock;
  /** A rule's own quiet period in milliseconds (default 24 hours). */
  quietMs?: (ruleId: string) => number | undefined;
};

/** Incidents read ahead (with the other reads of a source, in one round trip): the keys asked, what was found. */
export type IncidentsRead = { keys: ReadonlySet<string>; found: ReadonlyMap<string, StoredIncident> };

/**
 * Reads ahead the incidents `alerts` fold into (and those under the keys `also`), so that the
 * read can go out with the source's other reads (lib/aws/dynamodb-items.ts sends reads issued
 * together as one BatchGetItem).
 * @returns what {@link foldIntoIncidents} takes as `options.read`
 */
export const readIncidentsOf = async (
  alerts: readonly (Alert | AlertDraft)[],
  deps: Pick<IncidentDeps, 'store' | 'quietMs'>,
  also: readonly string[] = []
): Promise<IncidentsRead> => {
  const keys = new Set([
    ...contributionsOf(alerts, { counts: true, quietMs: deps.quietMs }).contributions.map((c) => c.key),
    ...also,
  ]);
  return { keys, found: keys.size > 0 ? await deps.store.get([...keys]) : new Map() };
};

/** A decided notification waiting for the sink, and where to mark it sent. */
export type PendingNotification = { alert: Alert; key: string; incidentId: string };

export type IncidentFold = {
  /** The notifications decided by this fold, plus any decided earlier and never sent. */
  notifications: PendingNotification[];
  /** Alerts that are not incidents (digest verdicts, configuration findings…): sent as they are. */
  oneOff: Alert[];
  /** The incident of each of the source's built alerts, by alert id (drafts, never built, are not in it). */
  incidentOf: ReadonlyMap<string, string>;
  /** The matches of the source's alerts and drafts whose incident stands after the fold (their counts added up). */
  counted: number;
  /** The incidents as they stand after the fold (one per cause the source touched). */
  incidents: StoredIncident[];
};

/**
 * Folds one source's alerts (a log file's, or one event's) into their incidents: one read of
 * them all, then one conditional write per incident, all in one `applyAll` where the store has
 * it (one TransactWriteItems per 99 incidents on DynamoDB), else issued together. A write that
 * loses a race reads again and folds again; a source already folded into an incident changes
 * nothing, and that incident's decided but unsent notifications come back to be sent again with
 * their ids.
 *
 * @param alerts - the source's alerts (detections and damaged-file findings become incidents), or
 *   drafts of its detections ({@link AlertDraft}: built only for an incident that opens with one)
 * @param source - names the source: applied once per (incident, source)
 * @param options - `counts: false` opens incidents without adding to their count (realtime);
 *   `read`: incidents read ahead ({@link readIncidentsOf}), only the others are read
 * @throws IncidentConflictError when a write keeps losing; the store's errors (throttling after
 * the SDK's retries) as they are, so the invocation fails and the event is retried
 */
export const foldIntoIncidents = async (
  alerts: readonly (Alert | AlertDraft)[],
  source: string,
  deps: IncidentDeps,
  options: { counts: boolean; read?: IncidentsRead } = { counts: true }
): Promise<IncidentFold> => {
  const { contributions, oneOff, keys } = contributionsOf(alerts, { counts: options.counts, quietMs: deps.quietMs });
  if (contributions.length === 0)
    return { notifications: [], oneOff, incidentOf: NO_INCIDENTS, counted: 0, incidents: [] };
  const read = options.read;
  const unread: string[] = [];
  for (const c of contributions) if (read === undefined || !read.keys.has(c.key)) unread.push(c.key);
  let stored: ReadonlyMap<string, StoredIncident> = read?.found ?? NO_STORED;
  if (unread.length > 0) {
    const found = await deps.store.get(unread);
    if (read === undefined) stored = found;
    else {
      const both = new Map(read.found);
      for (const [key, incident] of found) both.set(key, incident);
      stored = both;
    }
  }
  const folded = deps.store.applyAll
    ? await foldTogether(contributions, stored, source, deps)
    : await Promise.all(contributions.map((c) => foldOne(c, stored.get(c.key), source, deps)));
  const byKey = new Map<string, StoredIncident>();
  const notifications: PendingNotification[] = [];
  for (const f of folded) {
    if (f.incident) byKey.set(f.incident.key, f.incident);
    for (const p of f.pending) notifications.push(p);
  }
  return foldOf(alerts, keys, byKey, notifications, oneOff);
};

/** {@link IncidentDeps} over a store only this process writes (the CLI's). */
export type LocalIncidentDeps = IncidentDeps & { store: LocalIncidentStore };

/**
 * {@link foldIntoIncidents} over a store only this process writes (the CLI's memory store): the
 * same incidents, notifications and order, each incident read, folded and written at once,
 * without a promise, map or list per contribution (a run folds thousands of small files).
 */
export const foldIntoIncidentsNow = (
  alerts: readonly (Alert | AlertDraft)[],
  source: string,
  deps: LocalIncidentDeps,
  options: { counts: boolean } = { counts: true }
): IncidentFold => {
  const { contributions, oneOff, keys } = contributionsOf(alerts, { counts: options.counts, quietMs: deps.quietMs });
  if (contributions.length === 0)
    return { notifications: [], oneOff, incidentOf: NO_INCIDENTS, counted: 0, incidents: [] };
  const { store } = deps;
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  const byKey = new Map<string, StoredIncident>();
  const notifications: PendingNotification[] = [];
  for (const c of contributions) {
    let current = store.getNow(c.key);
    for (let attempt = 1; ; attempt++) {
      const live = current !== undefined && isLive(current, nowMs) ? current : undefined;
      const { next, countDelta } = foldIncident(live, c, nowMs);
      const result = store.applyNow({ next, expectedVersion: live?.version, countDelta, source });
      // A source folded in before gives the incident as it stands, and its unsent notifications.
      const incident = result === 'applied' ? next : result === 'duplicate' ? live : undefined;
      if (result !== 'conflict') {
        if (incident !== undefined) {
          byKey.set(incident.key, incident);
          for (const p of unsent(incident)) notifications.push(p);
        }
        break;
      }
      // Only the store's clock can have moved (the incident expired between read and write).
      if (attempt >= MAX_ATTEMPTS) throw new IncidentConflictError(c.key);
      current = store.getNow(c.key);
    }
  }
  return foldOf(alerts, keys, byKey, notifications, oneOff);
};

/** The fold of a source's alerts once each incident stands: what each alert counted, and where. */
const foldOf = (
  alerts: readonly (Alert | AlertDraft)[],
  keys: readonly (string | undefined)[],
  byKey: ReadonlyMap<string, StoredIncident>,
  notifications: PendingNotification[],
  oneOff: Alert[]
): IncidentFold => {
  // Only built alerts are named here (a file's drafts never are).
  let incidentOf: Map<string, string> | undefined;
  let counted = 0;
  for (let i = 0; i < alerts.length; i++) {
    const key = keys[i];
    const incident = key === undefined ? undefined : byKey.get(key);
    if (incident === undefined) continue;
    const alert = alerts[i] as Alert | AlertDraft;
    counted += alert.count;
    if (isAlertDraft(alert)) continue;
    incidentOf ??= new Map();
    incidentOf.set(alert.id, incident.incidentId);
  }
  return { notifications, oneOff, incidentOf: incidentOf ?? NO_INCIDENTS, counted, incidents: [...byKey.values()] };
};

/** No incident read, and no alert's incident (shared, never changed). */
const NO_STORED: ReadonlyMap<string, StoredIncident> = new Map();
const NO_INCIDENTS: ReadonlyMap<string, string> = new Map();

type Folded = { incident?: StoredIncident; pending: readonly PendingNotification[] };

/** What a contribution gave before its write went through: nothing (shared, never changed). */
const NOTHING_FOLDED: Folded = Object.freeze({ pending: [] }) as Folded;

/**
 * Folds every contribution of the source and writes them with one `applyAll` (one round trip per
 * 100 items on DynamoDB). The writes that lost a race are read again, together, and folded
 * again; those their transaction left unapplied go again as they were.
 */
const foldTogether = async (
  contributions: readonly Contribution[],
  stored: ReadonlyMap<string, StoredIncident>,
  source: string,
  deps: IncidentDeps
): Promise<Folded[]> => {
  const { store } = deps;
  if (store.applyAll === undefined) throw new TypeError('foldTogether needs a store with applyAll');
  // What was read, copied only once a write lost and its incident is read again.
  let read: ReadonlyMap<string, StoredIncident> = stored;
  const out: Folded[] = new Array(contributions.length).fill(NOTHING_FOLDED);
  // The contributions whose write has not gone through, by position.
  let pending: number[] = [];
  for (let i = 0; i < contributions.length; i++) pending.push(i);
  for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const lives: Array<StoredIncident | undefined> = [];
    const writes: IncidentWrite[] = [];
    for (const i of pending) {
      const c = contributions[i] as Contribution;
      const current = read.get(c.key);
      const live = current !== undefined && isLive(current, nowMs) ? current : undefined;
      const { next, countDelta } = foldIncident(live, c, nowMs);
      lives.push(live);
      writes.push({ next, expectedVersion: live?.version, countDelta, source });
    }
    const results = await store.applyAll(writes);
    const lost: string[] = [];
    const left: number[] = [];
    for (let n = 0; n < pending.length; n++) {
      const i = pending[n] as number;
      const result = results[n];
      const live = lives[n];
      if (result === 'applied') {
        const next = (writes[n] as IncidentWrite).next;
        out[i] = { incident: next, pending: unsent(next) };
      } else if (result === 'duplicate') out[i] = live ? { incident: live, pending: unsent(live) } : { pending: [] };
      else {
        left.push(i);
        if (result === 'conflict') lost.push((contributions[i] as Contribution).key);
      }
    }
    pending = left;
    if (lost.length > 0) {
      const again = await deps.store.get(lost);
      const updated = new Map(read);
      for (const key of lost) {
        const incident = again.get(key);
        if (incident) updated.set(key, incident);
        else updated.delete(key);
      }
      read = updated;
    }
  }
  const [left] = pending;
  if (left !== undefined) throw new IncidentConflictError((contributions[left] as Contribution).key);
  return out;
};

const foldOne = async (
  c: Contribution,
  read: StoredIncident | undefined,
  source: string,
  deps: IncidentDeps
): Promise<Folded> => {
  let current = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const nowMs = (deps.now?.() ?? new Date()).getTime();
    const live = current !== undefined && isLive(current, nowMs) ? current : undefined;
    const { next, countDelta } = foldIncident(live, c, nowMs);
    const result = await deps.store.apply({ next, expectedVersion: live?.version, countDelta, source });
    if (result === 'applied') return { incident: next, pending: unsent(next) };
    if (result === 'duplicate') return live ? { incident: live, pending: unsent(live) } : { pending: [] };
    current = (await deps.store.get([c.key])).get(c.key);
  }
  throw new IncidentConflictError(c.key);
};

const unsent = (incident: StoredIncident): readonly PendingNotification[] => {
  let pending: PendingNotification[] | undefined;
  for (const s of incident.steps)
    if (!s.sent) {
      pending ??= [];
      pending.push({ alert: notificationOf(incident, s), key: incident.key, incidentId: incident.incidentId });
    }
  // Most incidents have sent every step: nothing pending (shared, never changed).
  return pending ?? NO_PENDING;
};

const NO_PENDING: readonly PendingNotification[] = Object.freeze([]);

/**
 * Sends decided notifications and marks them sent once the sink acknowledged them. A sink
 * failure propagates before anything is marked, so a retry sends the same ids again.
 */
export const sendNotifications = async (
  sink: AlertSink,
  store: IncidentStore,
  pending: readonly PendingNotification[]
): Promise<void> => {
  if (pending.length === 0) return;
  await sink.send(pending.map((p) => p.alert));
  const byIncident = new Map<string, { key: string; incidentId: string; ids: string[] }>();
  for (const p of pending) {
    const entry = byIncident.get(p.incidentId) ?? { key: p.key, incidentId: p.incidentId, ids: [] };
    entry.ids.push(p.alert.id);
    byIncident.set(p.incidentId, entry);
  }
  await Promise.all([...byIncident.values()].map((e) => store.markSent(e.key, e.incidentId, e.ids)));
};

/**
 * Delivers a source's alerts: folded into incidents when a store is given (one-off findings as
 * they are, then the decided notifications), else every alert as it is.
 * @returns how many alerts and notifications went to the sink
 */
export const deliverAlerts = async (
  alerts: readonly Alert[],
  source: string,
  deps: { sink: AlertSink; incidents?: IncidentStore; now?: Clock; quietMs?: IncidentDeps['quietMs'] },
  options: { counts: boolean }
): Promise<number> => {
  if (deps.incidents === undefined) {
    if (alerts.length > 0) await deps.sink.send(alerts);
    return alerts.length;
  }
  const fold = await foldIntoIncidents(
    alerts,
    source,
    { store: deps.incidents, now: deps.now, quietMs: deps.quietMs },
    options
  );
  if (fold.oneOff.length > 0) await deps.sink.send(fold.oneOff);
  await sendNotifications(deps.sink, deps.incidents, fold.notifications);
  return fold.oneOff.length + fold.notifications.length;
};
