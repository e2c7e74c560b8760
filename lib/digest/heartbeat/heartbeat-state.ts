import { parseCloudTrailKey } from '../../cloudtrail/parse-key.js';
import { HeartbeatStateError } from '../errors.js';
import type { Finding } from '../types.js';
import { digestStreamId } from './find-digest-streams.js';

/** The `schema` of the heartbeat's state object. */
export const HEARTBEAT_STATE_SCHEMA = 'trailwatch.heartbeat-state/1';

/** One watched stream as the state keeps it: its identity and the newest standard digest ever seen. */
export type HeartbeatStateStream = {
  prefix?: string;
  organizationId?: string;
  accountId: string;
  sourceRegion: string;
  trailName: string;
  homeRegion: string;
  /** The newest standard digest seen in any run. */
  newestKey: string;
  /** Its end time (ISO), from the key. */
  newestEnd: string;
  /** When a heartbeat first saw the stream (ISO). */
  firstSeenAt: string;
};

/** What the heartbeat keeps between runs in the results bucket ({@link heartbeatStateKeyOf}). */
export type HeartbeatState = {
  schema: typeof HEARTBEAT_STATE_SCHEMA;
  trailBucket: string;
  /** When the run that wrote it started (ISO). */
  checkedAt: string;
  streams: HeartbeatStateStream[];
};

/** Where the heartbeat keeps its state: `state/heartbeat/<trail bucket>.json`, one object per trail bucket. */
export const heartbeatStateKeyOf = (trailBucket: string): string => `state/heartbeat/${trailBucket}.json`;

/**
 * The state entry a digest key stands for: identity and end time come from the key itself.
 * @returns undefined when the key is no standard digest key
 */
export const stateStreamOfKey = (newestKey: string, firstSeenAt: string): HeartbeatStateStream | undefined => {
  const parsed = parseCloudTrailKey(newestKey);
  if (parsed?.kind !== 'digest' || parsed.backfill) return undefined;
  return {
    ...(parsed.prefix !== undefined && { prefix: parsed.prefix }),
    ...(parsed.organizationId !== undefined && { organizationId: parsed.organizationId }),
    accountId: parsed.accountId,
    sourceRegion: parsed.region,
    trailName: parsed.trailName,
    homeRegion: parsed.homeRegion,
    newestKey,
    newestEnd: new Date(parsed.endTime).toISOString(),
    firstSeenAt,
  };
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FIELDS = ['prefix', 'organizationId', 'accountId', 'sourceRegion', 'trailName', 'homeRegion', 'newestEnd'];

const parseStream = (value: unknown, index: number): HeartbeatStateStream => {
  const at = `streams[${index}]`;
  if (!isObject(value)) throw new HeartbeatStateError(`${at} is not an object`);
  const { newestKey, firstSeenAt } = value;
  if (typeof newestKey !== 'string') throw new HeartbeatStateError(`${at}.newestKey is not a string`);
  if (typeof firstSeenAt !== 'string' || Number.isNaN(Date.parse(firstSeenAt))) {
    throw new HeartbeatStateError(`${at}.firstSeenAt is not a time`);
  }
  const stream = stateStreamOfKey(newestKey, firstSeenAt);
  if (stream === undefined) throw new HeartbeatStateError(`${at}.newestKey '${newestKey}' is not a digest key`);
  // The key says everything the entry says: an entry that disagrees with its own key was edited.
  for (const field of FIELDS) {
    if (value[field] !== stream[field as keyof HeartbeatStateStream]) {
      throw new HeartbeatStateError(`${at}.${field} does not match its newestKey`);
    }
  }
  return stream;
};

/**
 * Reads the heartbeat's state object, strictly: anything that is not a state of this trail bucket
 * throws, so that a damaged or replaced state is reported, never taken for an empty one.
 * @param bytes - the object's body
 * @param trailBucket - the bucket the heartbeat watches; a state of another bucket is refused
 * @returns the state, each stream checked against its own newest key
 * @throws HeartbeatStateError saying what is wrong
 * @example
 * const state = parseHeartbeatState(await store.read({ bucket, key: heartbeatStateKeyOf('trail') }), 'trail');
 */
export const parseHeartbeatState = (bytes: Uint8Array, trailBucket: string): HeartbeatState => {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new HeartbeatStateError(`not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isObject(doc)) throw new HeartbeatStateError('not a JSON object');
  if (doc.schema !== HEARTBEAT_STATE_SCHEMA) {
    throw new HeartbeatStateError(`schema is ${JSON.stringify(doc.schema)}, not '${HEARTBEAT_STATE_SCHEMA}'`);
  }
  if (doc.trailBucket !== trailBucket) {
    throw new HeartbeatStateError(`trailBucket is ${JSON.stringify(doc.trailBucket)}, not '${trailBucket}'`);
  }
  if (typeof doc.checkedAt !== 'string' || Number.isNaN(Date.parse(doc.checkedAt))) {
    throw new HeartbeatStateError('checkedAt is not a time');
  }
  if (!Array.isArray(doc.streams)) throw new HeartbeatStateError('streams is not an array');
  const streams = doc.streams.map(parseStream);
  const ids = new Set(streams.map(digestStreamId));
  if (ids.size !== streams.length) throw new HeartbeatStateError('a stream is listed twice');
  return { schema: HEARTBEAT_STATE_SCHEMA, trailBucket, checkedAt: doc.checkedAt, streams };
};

/**
 * The finding for a state object that could not be read as a state: whoever can write the results
 * bucket could otherwise blind the heartbeat by damaging it. The run goes on from the listing alone.
 * @param resultsBucket - where the state lives
 * @param trailBucket - the bucket the heartbeat watches
 * @param error - why the state was refused
 */
export const corruptStateFinding = (resultsBucket: string, trailBucket: string, error: Error): Finding => ({
  code: 'heartbeat-state-corrupt',
  severity: 'high',
  bucket: resultsBucket,
  key: heartbeatStateKeyOf(trailBucket),
  message: `the digest heartbeat's state for bucket ${trailBucket} is unreadable (${error.message}): streams it watched and digests it saw are unknown to this run, so deleted digests may go unseen; it is replaced by what the listing shows now`,
  details: { trailBucket, problem: error.message },
});
