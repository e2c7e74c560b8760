import { createHash } from 'node:crypto';
import type { CloudTrailKey } from '../cloudtrail/parse-key.js';
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
  'trailing-data': 'high',
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

/** Where a damage alert's time comes from (`details.timeSource`). */
export type DamageTimeSource = 'event-time' | 'key-time' | 'none';

/** A damaged file's time and where it comes from (see {@link damageTime}). */
export type DamageTime = { time: string; source: DamageTimeSource };

/** The time of a damaged file that gives neither an eventTime nor a CloudTrail key: the Unix epoch. */
export const NO_DAMAGE_TIME = '1970-01-01T00:00:00Z';

/**
 * The time a damaged file's alert is seen at (its firstSeen and lastSeen): a fact of the file, so
 * reading the same bytes again (a retry, a re-run, another worker count) gives the same alert and
 * the same incident id. In order:
 *
 * - the latest `eventTime` among the records read before the damage: where the trail goes dark,
 *   the events that may be lost come after it. It sits on the same eventTime axis as the
 *   detections beside it and as the watermark that closes incidents.
 * - else the time in the CloudTrail key (`…_20260102T0315Z_…`, the delivery time; a digest's end
 *   time): no record was read (a missing, empty or corrupt file), and the lost events come before it.
 * - else the Unix epoch, a time no one reads as real: a file under no CloudTrail name (a renamed
 *   local copy) that gave no record has no time of its own, and the clock would differ on every run.
 *
 * When the damage was found is the summary's `processedAt`, never the alert's: the clock in the
 * alert would make every re-run a new alert.
 * @param lastEventTime - the latest eventTime read before the damage, if any (ignored when it does not parse as a time)
 * @param key - the file's parsed CloudTrail key, if it parsed
 * @returns the time and its source (the alert's `details.timeSource`)
 * @example
 * damageTime(undefined, parseCloudTrailKey(key)); // { time: '2026-01-02T03:15:00Z', source: 'key-time' }
 */
export const damageTime = (lastEventTime: string | undefined, key: CloudTrailKey | undefined): DamageTime => {
  if (lastEventTime !== undefined && !Number.isNaN(Date.parse(lastEventTime)))
    return { time: lastEventTime, source: 'event-time' };
  if (key !== undefined) return { time: key.kind === 'digest' ? key.endTime : key.deliveredAt, source: 'key-time' };
  return { time: NO_DAMAGE_TIME, source: 'none' };
};

/**
 * The integrity alert for one log file that could not be read to its end (category `integrity`,
 * rule `log-file-damaged`): no I/O, the same damage at the same time gives the same alert.
 * @param ref - the log file
 * @param damage - reason, message, offset and records read before it
 * @param where - account and region from the key, when it parsed
 * @param at - the file's time ({@link damageTime}): the alert's firstSeen and lastSeen
 * @returns one alert, severity critical for a missing or truncated file and high otherwise
 * @example
 * const at = damageTime(summary.lastEventTime, key);
 * const alert = damageAlert(ref, { reason: 'truncated-gzip', message, offset: 812, recordsRead: 3 }, { account, region }, at);
 */
export const damageAlert = (
  ref: ObjectRef,
  damage: FileDamage,
  where: { account?: string; region?: string },
  at: DamageTime
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
  firstSeen: at.time,
  lastSeen: at.time,
  eventIds: [],
  bucket: ref.bucket,
  s3Key: ref.key,
  details: {
    reason: damage.reason,
    offset: damage.offset,
    recordsRead: damage.recordsRead,
    timeSource: at.source,
  },
});
