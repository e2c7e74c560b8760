import { describe, expect, it } from 'vitest';
import { baselineExpiry, baselineId, entityMarkerId, learningMsOf } from '../../lib/incidents/baseline-keys.js';
import { memoryBaselineStore } from '../../lib/incidents/memory-baseline-store.js';
import type { FirstSeenCandidate } from '../../lib/model/baseline.js';
import { firstSeenJudge } from '../../lib/pipelines/first-seen.js';

const DAY = 86_400_000;
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('baseline expiry', () => {
  it('is the eventTime plus 90 days for a live event', () => {
    // Act
    const expiry = baselineExpiry(Date.parse('2026-03-01T12:00:00Z'), Date.parse('2026-03-01T11:59:00Z'));
    // Assess
    expect(expiry).toBe(seconds('2026-05-30T12:00:00Z'));
  });

  it('is now plus 90 days for a backfilled event', () => {
    // Act
    const expiry = baselineExpiry(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z'));
    // Assess
    expect(expiry).toBe(seconds('2026-05-30T00:00:00Z'));
  });

  it('gives keys and entity markers distinct ids', () => {
    // Assess
    expect(new Set([baselineId('r', 'e', 'k'), baselineId('r', 'e', 'k2'), entityMarkerId('r', 'e')]).size).toBe(3);
    expect(learningMsOf(7)).toBe(7 * DAY);
  });
});

describe('first-seen judge: keeping a recurring key alive', () => {
  const candidate = (time: string, key = 'iam:CreateUser'): FirstSeenCandidate => ({
    ruleId: 'first-sensitive-api-call-by-principal',
    entity: 'arn:aws:iam::111122223333:user/alice',
    key,
    time: Date.parse(time),
    eventId: `e-${time}`,
    newEntity: 'alert',
    alert: {
      id: `a-${time}`,
      category: 'detection',
      ruleId: 'first-sensitive-api-call-by-principal',
      title: 't',
      severity: 'medium',
      tags: [],
      count: 1,
      firstSeen: time,
      lastSeen: time,
      eventIds: [`e-${time}`],
    },
  });

  it('pushes the expiry to the new sighting + 90 days once it is a week later, not for every sighting', async () => {
    // Prepare
    let now = new Date('2026-03-01T00:00:00Z');
    const store = memoryBaselineStore(undefined, () => now);
    const judge = firstSeenJudge({ store, learningMs: 0, now: () => now });
    const id = baselineId(
      'first-sensitive-api-call-by-principal',
      'arn:aws:iam::111122223333:user/alice',
      'iam:CreateUser'
    );
    const expiry = async () => (await store.read([id])).baselines.get(id)?.expiresAt;
    await judge([candidate('2026-03-01T00:00:00Z')], 'f1');
    const created = await expiry();
    // Act
    now = new Date('2026-03-03T00:00:00Z');
    await judge([candidate('2026-03-03T00:00:00Z')], 'f2');
    const twoDaysLater = await expiry();
    now = new Date('2026-03-09T00:00:00Z');
    await judge([candidate('2026-03-09T00:00:00Z')], 'f3');
    const eightDaysLater = await expiry();
    // Assess
    expect(created).toBe(seconds('2026-05-30T00:00:00Z'));
    expect(twoDaysLater).toBe(created);
    expect(eightDaysLater).toBe(seconds('2026-06-07T00:00:00Z'));
  });
});
