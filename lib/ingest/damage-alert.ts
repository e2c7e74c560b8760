import { createHash } from 'node:crypto';
import type { Alert, Severity } from '../model/alert.js';
import type { DamageReason } from '../model/errors.js';
import type { ObjectRef } from '../model/object-ref.js';

/** The rule id of the alert raised for a log file that could not be read to its end. */
export const DAMAGE_RULE_ID = 'log-file-damaged';

/**
 * Severity per damage: a log file that vanished or stops mid-stream is what removing or cutting
 * evidence looks like (as for the digest verifier's `not-found` and `truncated` log files in
 * lib/digest/core/verdict-alerts.ts), so critical; unreadable content is high.
 */
const DAMAGE_SEVERITY: Record<DamageReason, Severity> = {
  'not-found': 'critical',
  'truncated-gzip': 'critical',
  empty: 'high',
  'corrupt-gzip': 'high',
  'invalid-json': 'high',
  'invalid-utf8': 'high',
  'not-cloudtrail': 'high',
};

/** MITRE ATT&CK: indicator removal (T1070) and stored data manipulation (T1565.001). */
const TAGS = ['attack.defense-evasion', 'attack.t1070', 'attack.impact', 'attack.t1565.001'];

/**
 * The id of a damaged file's alert: the first 32 hex digits of
 * `sha256("integrity\nlog-file-damaged\n<bucket>/<key>\n<reason>@<offset>")`, the same layout as
 * the digest verifier's integrity alert ids. Re-reading the same object (a retry, a replayed
 * notification, the CLI over a synced copy) finds the same damage at the same offset, so the id
 * repeats and consumers that de-duplicate on it see one alert.
 */
export const damageAlertId = (bucket: string, key: string, reason: DamageReason, offset: number): string =>
  createHash('sha256')
    .update(`integrity\n${DAMAGE_RULE_ID}\n${bucket}/${key}\n${reason}@${offset}`)
    .digest('hex')
    .slice(0, 32);

/** What was found wrong with one log file. */
export type FileDamage = {
  reason: DamageReason;
  message: string;
  /** Bytes into the decompressed stream. */
  offset: number;
  /** Records read before the damage. */
  recordsRead: number;
};

/**
 * The integrity alert for one log file that could not be read to its end (category `integrity`,
 * rule `log-file-damaged`): no I/O, the same damage gives the same alert apart from the times.
 * @param ref - the log file
 * @param damage - reason, message, offset and records read before it
 * @param where - account and region from the key, when it parsed
 * @param at - when the damage was found (the alert's firstSeen and lastSeen)
 * @returns one alert, severity critical for a missing or truncated file and high otherwise
 * @example
 * const alert = damageAlert(ref, { reason: 'truncated-gzip', message, offset: 812, recordsRead: 3 }, { account, region }, now);
 */
export const damageAlert = (
  ref: ObjectRef,
  damage: FileDamage,
  where: { account?: string; region?: string },
  at: string
): Alert => ({
  id: damageAlertId(ref.bucket, ref.key, damage.reason, damage.offset),
  category: 'integrity',
  ruleId: DAMAGE_RULE_ID,
  title: `CloudTrail log file damaged: ${damage.reason.replace(/-/g, ' ')}`,
  description: damage.message,
  severity: DAMAGE_SEVERITY[damage.reason],
  tags: TAGS,
  ...(where.account !== undefined && { account: where.account }),
  ...(where.region !== undefined && { region: where.region }),
  count: 1,
  firstSeen: at,
  lastSeen: at,
  eventIds: [],
  bucket: ref.bucket,
  s3Key: ref.key,
  details: { reason: damage.reason, offset: damage.offset, recordsRead: damage.recordsRead },
});
