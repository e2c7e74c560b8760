import { describe, expect, it } from 'vitest';
import { heartbeatStateKeyOf, parseHeartbeatState } from '../../lib/digest/index.js';
import { stateStreamOfKey } from '../../lib/digest/heartbeat/heartbeat-state.js';

const KEY =
  'ct/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/eu-west-1/2026/03/10/111122223333_CloudTrail-Digest_eu-west-1_org_trail.v2_us-east-1_20260310T110404Z.json.gz';
const stream = stateStreamOfKey(KEY, '2026-03-01T00:00:00.000Z');
const state = {
  schema: 'trailwatch.heartbeat-state/1',
  trailBucket: 'trail',
  checkedAt: '2026-03-10T12:00:00.000Z',
  streams: [stream],
};
const bytes = (value: unknown): Uint8Array => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseHeartbeatState', () => {
  it('reads back a state as the heartbeat writes it, identity taken from each newest key', () => {
    // Act
    const parsed = parseHeartbeatState(bytes(state), 'trail');
    // Assess
    expect(heartbeatStateKeyOf('trail')).toBe('state/heartbeat/trail.json');
    expect(parsed).toEqual(state);
    expect(parsed.streams[0]).toMatchObject({
      prefix: 'ct',
      organizationId: 'o-a1b2c3d4e5',
      accountId: '111122223333',
      sourceRegion: 'eu-west-1',
      trailName: 'org_trail.v2',
      homeRegion: 'us-east-1',
      newestEnd: '2026-03-10T11:04:04.000Z',
    });
  });

  it.each([
    ['bytes that are no JSON', '{"streams": [garbage', /^heartbeat state: not JSON/],
    ['bytes that are no UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /^heartbeat state: not JSON/],
    ['a JSON array', [], /not a JSON object/],
    ['another schema', { ...state, schema: 'trailwatch.heartbeat-state/0' }, /schema is/],
    ['the state of another bucket', { ...state, trailBucket: 'other' }, /trailBucket is "other", not 'trail'/],
    ['streams that are no array', { ...state, streams: {} }, /streams is not an array/],
    [
      'an entry whose key is no digest key',
      { ...state, streams: [{ ...stream, newestKey: 'x.json.gz' }] },
      /streams\[0\]\.newestKey/,
    ],
    [
      'an entry that disagrees with its key',
      { ...state, streams: [{ ...stream, newestEnd: '2026-03-10T12:04:04.000Z' }] },
      /streams\[0\]\.newestEnd does not match/,
    ],
    [
      'an entry without firstSeenAt',
      { ...state, streams: [{ ...stream, firstSeenAt: 7 }] },
      /firstSeenAt is not a time/,
    ],
    ['a stream listed twice', { ...state, streams: [stream, stream] }, /listed twice/],
  ])('refuses %s with HeartbeatStateError', (_, value, message) => {
    // Act
    const parsing = () => parseHeartbeatState(value instanceof Buffer ? value : bytes(value), 'trail');
    // Assess
    expect(parsing).toThrow(
      expect.objectContaining({ name: 'HeartbeatStateError', message: expect.stringMatching(message) })
    );
  });
});
