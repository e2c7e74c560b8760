import { AlertDeliveryError } from '../alerts/errors.js';
import { closeIfQuiet } from '../incidents/fold-incident.js';
import type { AlertSink } from '../model/alert.js';
import type { IncidentClosing, IncidentStore, StoredIncident } from '../model/incident.js';
import { ConfigError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import type { Clock } from '../model/ports.js';
import { silentLog } from '../model/log.js';
import { IncidentConflictError } from './incidents.js';

/** How many times a closing that lost a race is read and decided again before the run fails. */
const MAX_ATTEMPTS = 8;

/**
 * The source a closing write is recorded under: the store applies it once per incident, so a
 * retried sweep, or two sweeps at once, decide one closing.
 */
export const CLOSING_SOURCE = 'closing';

/** What a sweep needs: the incidents, the sink whose `close` resolves findings, a log. */
export type CloseIncidentsDeps = {
  store: IncidentStore;
  /** Closings go to `sink.close` (Security Hub) only; without it they are decided and kept unsent. */
  sink: Pick<AlertSink, 'close'>;
  log?: Log;
};

/** What one sweep did. */
export type ClosingReport = {
  /** Incidents whose closing this sweep decided. */
  decided: number;
  /** Closings the sink acknowledged (decided now, earlier, or carried by a newer incident). */
  sent: number;
  /** Closings still unsent: no sink takes them. */
  kept: number;
};

/** A decided closing and the item it is recorded in. */
type Pending = { closing: IncidentClosing; key: string };

/**
 * Closes the incidents whose quiet period `watermarkMs` has passed, and delivers every closing not
 * sent yet. Closing is decided in code from `lastSeen` + the quiet period, never by the store's
 * expiry: each decision is one conditional write (at the version read, once per incident), so a
 * retry decides nothing new; a write that lost a race to a fold reads again and decides again (the
 * incident may have a new match, or a newer incident may carry its closing). Then the unsent
 * closings, these and those a newer incident carries for the one it overwrote, go to
 * `sink.close` and are marked sent once acknowledged. A closing the sink could not deliver stays
 * unsent for the next sweep, and the sweep throws once the others are marked.
 *
 * @param watermarkMs - the latest eventTime known to have passed: now on Lambda, the newest
 *   eventTime of the run in the CLI
 * @throws AlertDeliveryError naming the closings not delivered; IncidentConflictError when a write
 *   keeps losing; the store's errors as they are
 * @example await closeQuietIncidents({ store, sink }, Date.now())
 */
export const closeQuietIncidents = async (deps: CloseIncidentsDeps, watermarkMs: number): Promise<ClosingReport> => {
  const { store, sink, log = silentLog } = deps;
  const open = await store.listOpen();
  const swept = await Promise.all(open.map((incident) => decide(store, incident, watermarkMs)));
  const decided = swept.filter((s) => s.decided).length;
  const pending: Pending[] = swept.flatMap(({ incident }) =>
    (incident?.closings ?? []).filter((c) => !c.sent).map((closing) => ({ closing, key: incident?.key ?? '' }))
  );
  const report = { decided, sent: 0, kept: pending.length };
  if (pending.length === 0 || sink.close === undefined) {
    log.info('incidents swept', { open: open.length, ...report, watermark: new Date(watermarkMs).toISOString() });
    return report;
  }
  let failure: AlertDeliveryError | undefined;
  try {
    await sink.close(pending.map((p) => p.closing));
  } catch (error) {
    if (!(error instanceof AlertDeliveryError)) throw error;
    failure = error;
  }
  const undelivered = new Set(failure?.undeliveredIds ?? []);
  const delivered = pending.filter((p) => !undelivered.has(p.closing.id));
  const byKey = new Map<string, string[]>();
  for (const p of delivered) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.closing.id]);
  await Promise.all([...byKey].map(([key, ids]) => store.markClosingsSent(key, ids)));
  const sent = { decided, sent: delivered.length, kept: pending.length - delivered.length };
  log.info('incidents swept', { open: open.length, ...sent, watermark: new Date(watermarkMs).toISOString() });
  if (failure !== undefined) throw failure;
  return sent;
};

/** Decides one incident's closing if it is due; returns the incident as it now stands (undefined: gone). */
const decide = async (
  store: IncidentStore,
  read: StoredIncident,
  watermarkMs: number
): Promise<{ incident?: StoredIncident; decided: boolean }> => {
  let current = read;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const next = closeIfQuiet(current, watermarkMs);
    if (next === undefined) return { incident: current, decided: false };
    const result = await store.apply({ next, expectedVersion: current.version, countDelta: 0, source: CLOSING_SOURCE });
    if (result === 'applied') return { incident: next, decided: true };
    const again = (await store.get([current.key])).get(current.key);
    if (again === undefined) return { decided: false };
    current = again;
  }
  throw new IncidentConflictError(read.key);
};

/**
 * The scheduled sweep on Lambda: closes the incidents whose quiet period has passed by now and
 * resolves their findings (lib/pipelines/close-incidents.ts, {@link closeQuietIncidents}).
 * @param deps - the incident store (`INCIDENT_TABLE`), the alert sink with Security Hub on, a log
 * @throws ConfigError when there is no incident store or the sink resolves no findings (the
 *   function is deployed only with `securityHub=true`, so that is a broken deployment)
 */
export const sweepIncidents = async (deps: {
  store: IncidentStore | undefined;
  sink: Pick<AlertSink, 'close'>;
  log: Log;
  now?: Clock;
}): Promise<ClosingReport> => {
  if (deps.store === undefined)
    throw new ConfigError('INCIDENT_TABLE: not set; the incident sweep has no incidents to close');
  if (deps.sink.close === undefined)
    throw new ConfigError('ALERT_SECURITY_HUB: not true; the incident sweep has no findings to resolve');
  return closeQuietIncidents(
    { store: deps.store, sink: deps.sink, log: deps.log },
    (deps.now?.() ?? new Date()).getTime()
  );
};
