import { TrailwatchError } from '../model/errors.js';
import type { Alert } from '../model/alert.js';

/** The alert, rendered, within budget; `trimmed` names what had to go. */
export type FittedAlert = { alert: Alert; body: string; bytes: number; trimmed: string[] };

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair, marking the cut. */
const cut = (s: string, max: number): string => {
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…`;
};

const keepEventIds = (keep: number) => ({
  name: 'eventIds',
  apply: (a: Alert) => (a.eventIds.length > keep ? { ...a, eventIds: a.eventIds.slice(0, keep) } : undefined),
});

/** Each step makes a smaller alert, least useful facts first; the id and headline facts are never dropped. */
const STEPS: ReadonlyArray<{ name: string; apply: (a: Alert) => Alert | undefined }> = [
  { name: 'sample', apply: (a) => (a.sample === undefined ? undefined : { ...a, sample: undefined }) },
  keepEventIds(100),
  { name: 'details', apply: (a) => (a.details === undefined ? undefined : { ...a, details: undefined }) },
  keepEventIds(10),
  {
    name: 'resources',
    apply: (a) =>
      a.resources !== undefined && a.resources.length > 10 ? { ...a, resources: a.resources.slice(0, 10) } : undefined,
  },
  {
    name: 'description',
    apply: (a) =>
      a.description !== undefined && a.description.length > 1000
        ? { ...a, description: cut(a.description, 1000) }
        : undefined,
  },
  { name: 'tags', apply: (a) => (a.tags.length > 20 ? { ...a, tags: a.tags.slice(0, 20) } : undefined) },
  keepEventIds(0),
  {
    name: 'strings',
    apply: (a) => {
      const shorter = { ...a, title: cut(a.title, 512) };
      for (const key of ['description', 'principal', 's3Key', 'eventSource', 'eventName', 'sourceIPAddress'] as const) {
        const value = a[key];
        if (value !== undefined) shorter[key] = cut(value, 512);
      }
      if (a.resources !== undefined) shorter.resources = a.resources.map((r) => cut(r, 512));
      return JSON.stringify(shorter) === JSON.stringify(a) ? undefined : shorter;
    },
  },
];

/** Even the trimmed alert is over budget (an absurd budget or a pathological id). */
export class AlertTooLargeError extends TrailwatchError {
  readonly alertId: string;
  readonly bytes: number;
  readonly maxBytes: number;
  constructor(alertId: string, bytes: number, maxBytes: number) {
    super(`alert ${alertId} is ${bytes} bytes after trimming, over the ${maxBytes}-byte budget`);
    this.name = 'AlertTooLargeError';
    this.alertId = alertId;
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}

/**
 * Shrinks an alert until its rendered body fits a byte budget, so a sink can respect a
 * service's size limit by trimming, never by dropping the alert: first the sample record,
 * then eventIds beyond 100, details, eventIds beyond 10, long resource lists, the
 * description, tags, the last eventIds, and finally long strings. The result carries `trimmed` (also set on the alert, so consumers
 * see that facts are missing) — the full alert stays in the console/JSONL output and the
 * log file itself.
 * @param alert - the alert as the producer made it
 * @param render - the body the sink sends (alert JSON or its OCSF form)
 * @param maxBytes - UTF-8 byte budget for the body
 * @returns the possibly trimmed alert and its rendered body
 * @throws AlertTooLargeError when nothing more can be trimmed and it still does not fit
 * @example fitAlert(alert, (a) => JSON.stringify(a), 256 * 1024 - 2048)
 */
export const fitAlert = (alert: Alert, render: (alert: Alert) => string, maxBytes: number): FittedAlert => {
  let current = alert;
  let body = render(current);
  const trimmed: string[] = [];
  for (const step of STEPS) {
    if (utf8Bytes(body) <= maxBytes) break;
    const next = step.apply(current);
    if (next === undefined) continue;
    if (!trimmed.includes(step.name)) trimmed.push(step.name);
    current = { ...next, trimmed: [...trimmed] };
    body = render(current);
  }
  const bytes = utf8Bytes(body);
  if (bytes > maxBytes) throw new AlertTooLargeError(alert.id, bytes, maxBytes);
  return { alert: current, body, bytes, trimmed };
};
