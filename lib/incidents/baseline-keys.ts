import { sha256Hex } from '../model/sha256-hex.js';

/** How long a baseline outlives the later of its last sighting and now: 90 days. */
export const BASELINE_RETAIN_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * How much later a recurring key must push a baseline's expiry before the store is written:
 * one write per key per week at most, instead of one per sighting.
 */
export const BASELINE_EXTEND_SLACK_S = 7 * 24 * 60 * 60;

const sha = (text: string): string => sha256Hex(text).slice(0, 32);

/**
 * Where the store keeps one (rule, entity, key): sha256(`baseline` ␀ rule ␀ entity ␀ key)[0:32].
 * @param ruleId - the first-seen rule
 * @param entity - whose behaviour
 * @param key - what was seen
 */
export const baselineId = (ruleId: string, entity: string, key: string): string =>
  sha(`baseline\u0000${ruleId}\u0000${entity}\u0000${key}`);

/**
 * Where the store keeps the marker that says an entity has been seen under a rule:
 * sha256(`entity` ␀ rule ␀ entity)[0:32].
 */
export const entityMarkerId = (ruleId: string, entity: string): string => sha(`entity\u0000${ruleId}\u0000${entity}`);

/**
 * A baseline's expiry: max(eventTime, now) + 90 days, in epoch seconds (DynamoDB's TTL unit).
 * A backfilled event keeps its key for 90 days from now; a live one for 90 days from itself.
 * @param eventTimeMs - the sighting's eventTime, epoch ms
 * @param nowMs - the clock, epoch ms
 * @example baselineExpiry(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2025-12-01T00:00:00Z')) // 2026-04-01T00:00:00Z in seconds
 */
export const baselineExpiry = (eventTimeMs: number, nowMs: number): number =>
  Math.ceil((Math.max(eventTimeMs, nowMs) + BASELINE_RETAIN_MS) / 1000);

/**
 * The length of a learning period of `days` days, in milliseconds.
 * @param days - non-negative; 0 turns learning off
 */
export const learningMsOf = (days: number): number => days * 24 * 60 * 60 * 1000;
