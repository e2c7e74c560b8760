/**
 * The front door of lib/digest: CloudTrail digest verification, bytes and keys in, verdicts out.
 * Code outside lib/digest imports from here only; tests may reach inner files to test internals.
 *
 * Rooms, and the only directions imports go:
 * - `types.ts`, `errors.ts`, `constants.ts`: shared by every room.
 * - `core/`: the judgement of one digest (load, signature, log-file hashes, link to the previous
 *   digest, verdict and alerts), key parsing and fingerprints, the CLI's date and value rendering.
 * - `validate-logs/`: the `aws cloudtrail validate-logs` walk over a trail's digests and its reports
 *   (text byte-identical to the AWS CLI's, and JSON); imports core.
 * - `heartbeat/`: digest streams discovered in a bucket, silent, vanished or deleted ones (with the
 *   state kept between runs and the GetTrailStatus cross-check), and the digest functions'
 *   settings; imports core.
 * Outside lib/digest, only `lib/model/*` and `lib/cloudtrail/*` are imported.
 */

export type {
  DigestStore,
  Finding,
  MetadataMap,
  PublicKeyRecord,
  PublicKeySource,
  StoredObject,
  TrailCoordinates,
  TrailDigestStatus,
  TrailStatusSource,
} from './types.js';
export { HeartbeatStateError, InputFileError, StoreReadError, ValidationAbortedError } from './errors.js';

export { digestKeyDate, digestKeyPattern, digestListingPrefix } from './core/digest-keys.js';
export { createKeyCache, type KeyCache } from './core/key-cache.js';
export { parseMetadataFile } from './core/parse-metadata-file.js';
export { fingerprintOf, parseListPublicKeysOutput, staticKeySource } from './core/public-keys.js';
export { parseCliDate } from './core/python-dates.js';
export { findingAlert, verdictAlerts } from './core/verdict-alerts.js';
export {
  type DigestVerdict,
  digestKeyOf,
  type VerifyDigestDeps,
  verifyDigestObject,
} from './core/verify-digest-object.js';

export { JsonReport, type JsonTrailReport } from './validate-logs/json-report.js';
export { TextReport } from './validate-logs/text-report.js';
export { validateTrail } from './validate-logs/validate-trail.js';

export { DEFAULT_HASH_CONCURRENCY, DEFAULT_HEARTBEAT_SLACK_MS } from './constants.js';
export { type DigestConfig, heartbeatKeyOf, verdictKeyOf } from './heartbeat/digest-config.js';
export { type DigestStream, findDigestStreams } from './heartbeat/find-digest-streams.js';
export { findSilentStreams } from './heartbeat/find-silent-streams.js';
export {
  corruptStateFinding,
  type HeartbeatState,
  heartbeatStateKeyOf,
  parseHeartbeatState,
} from './heartbeat/heartbeat-state.js';
export { crossCheckTrailStatus, readTrailStatuses } from './heartbeat/cross-check-trail-status.js';
