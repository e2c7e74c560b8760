import { sha256Hex } from '../../model/sha256-hex.js';

/**
 * The deterministic id of an alert: the first 32 hex digits of SHA-256 over the rule id, the
 * dedup key and the alert's anchor (the window start and the eventID of the group's earliest
 * event). Re-processing a file, and the low-latency EventBridge path seeing that earliest event,
 * give the same id; the window start comes from the event's own eventTime, never the clock.
 * @param ruleId - the rule's id
 * @param dedupKey - the group's dedup key
 * @param windowStart - the anchor: ISO start of the window (or `unknown` for records without
 *   eventTime), joined with the earliest eventID
 * @example
 * alertId('cloudtrail-logging-stopped', '111122223333|arn:aws:iam::111122223333:user/alice', '2026-01-02T03:00:00.000Z')
 */
export const alertId = (ruleId: string, dedupKey: string, windowStart: string): string =>
  sha256Hex(`${ruleId}\u0000${dedupKey}\u0000${windowStart}`).slice(0, 32);

/**
 * The start of the window holding `time`: windows are aligned to the Unix epoch, so every
 * path computes the same boundaries.
 * @param time - epoch milliseconds (NaN when the record had no eventTime)
 * @param windowMs - window length
 * @returns ISO timestamp, or `unknown`
 */
export const windowStartOf = (time: number, windowMs: number): string =>
  Number.isFinite(time) ? new Date(Math.floor(time / windowMs) * windowMs).toISOString() : 'unknown';
