import { describe, expect, it } from 'vitest';
import { addHours } from '../../lib/cost/hours.js';
import type { Rollup } from '../../lib/cost/types.js';
import { advanceAccountState } from '../../lib/insights/advance-account-state.js';
import { computeBaseline } from '../../lib/insights/baseline.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../lib/insights/constants.js';
import { seriesId, seriesOfRollup } from '../../lib/insights/series-of-rollup.js';
import type { AccountState, InsightEvent, SeriesCounts } from '../../lib/insights/types.js';
import { scoreDetector } from './score-detector.js';

const ACCOUNT = '111122223333';
const START = '2026-03-01T00';
const CALLS = seriesId('ApiCallRateInsight', 'us-east-1', 'ec2.amazonaws.com', 'RunInstances');
const ERRORS = seriesId(
  'ApiErrorRateInsight',
  'us-east-1',
  'ec2.amazonaws.com',
  'RunInstances',
  'Client.UnauthorizedOperation'
);

/** Feeds hourly counts of one or more series through the detector, one delivery hour per step. */
const run = (series: Record<string, (h: number) => number>, hours: number) => {
  let state: AccountState | undefined;
  const events: InsightEvent[] = [];
  const states: AccountState[] = [];
  for (let h = 0; h < hours; h++) {
    const hour = addHours(START, h);
    const counts: SeriesCounts = {};
    for (const [id, f] of Object.entries(series)) counts[id] = { [hour]: f(h) };
    const step = advanceAccountState(state, ACCOUNT, new Map([[hour, counts]]), hour);
    state = step.state;
    states.push(state);
    events.push(...step.events);
  }
  return { events, states, state: state as AccountState };
};

/** A steady, slightly varying rate (deterministic). */
const steady = (level: number) => (h: number) => Math.round(level * (1 + 0.15 * Math.sin(h * 1.7)));

describe('detector precision and recall on generated series', () => {
  it.each([1, 2])('finds injected spikes and stays quiet on seasonal and rare APIs (seed %i)', (seed) => {
    // Act
    const score = scoreDetector({ seed });
    // Assess
    console.log(
      `insights seed ${seed}: precision ${score.precision.toFixed(3)} (${score.truePositives}/${score.starts} starts), ` +
        `recall ${score.recall.toFixed(3)} (${score.detected}/${score.spikes} spikes), ` +
        `recall above the minimum volume ${score.pageableRecall.toFixed(3)} (${score.pageableDetected}/${score.pageableSpikes}), ` +
        `ends within 2 h ${score.endsWithinTwoHours.toFixed(3)}`
    );
    expect(score.spikes).toBeGreaterThan(50);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.pageableRecall).toBeGreaterThanOrEqual(0.9);
    expect(score.endsWithinTwoHours).toBeGreaterThanOrEqual(0.8);
    // 42 nightly batches (6 series × 7 evaluated nights) at lognormal-wobbling volume: at most one
    // 2.3×-normal night may page; rare APIs with bursts under the minimum volume never do.
    expect(score.byKind['call:nightly-batch']?.starts ?? 0).toBeLessThanOrEqual(1);
    expect(score.byKind['call:rare-bursts']?.starts ?? 0).toBe(0);
  });
});

describe('computeBaseline', () => {
  it('expects the nightly batch at its hour and the quiet level at the others', () => {
    // Prepare: 7 days, 400 calls at the hour being evaluated each day, 3 otherwise
    const window = Array.from({ length: 168 }, (_, i) => ((168 - i) % 24 === 0 ? 400 : 3));
    const shifted = Array.from({ length: 168 }, (_, i) => ((168 - i) % 24 === 5 ? 400 : 3));
    // Act / Assess
    expect(computeBaseline(window).expected).toBe(400);
    expect(computeBaseline(shifted).expected).toBe(3);
  });

  it('is not moved by a past spike (medians)', () => {
    const window = Array.from({ length: 168 }, (_, i) => (i >= 100 && i < 104 ? 5000 : 50));
    expect(computeBaseline(window)).toMatchObject({ expected: 50, hours: 168 });
  });

  it.each([
    [[], 0],
    [[0, 0, 0], 0],
  ])('has a noise floor of 1 for %j', (window, expected) => {
    expect(computeBaseline(window)).toMatchObject({ expected, noise: 1 });
  });
});

describe('advanceAccountState', () => {
  it('starts an insight when write calls leave the baseline and ends it when they return', () => {
    // Prepare: 5 days at ~20/h, then 3 hours at 400/h
    const spike = (h: number) => (h >= 120 && h < 123 ? 400 : steady(20)(h));
    // Act
    const { events, states } = run({ [CALLS]: spike }, 130);
    // Assess
    expect(events.map((e) => [e.insightDetails.state, e.eventTime])).toEqual([
      ['Start', `${addHours(START, 120)}:00:00Z`],
      ['End', `${addHours(START, 123)}:00:00Z`],
    ]);
    const [start, end] = events as [InsightEvent, InsightEvent];
    expect(start.sharedEventID).toBe(end.sharedEventID);
    expect(start.eventID).not.toBe(end.eventID);
    expect(start).toMatchObject({
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      recipientAccountId: ACCOUNT,
      awsRegion: 'us-east-1',
      insightDetails: {
        state: 'Start',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        insightType: 'ApiCallRateInsight',
      },
    });
    const stats = end.insightDetails.insightContext.statistics;
    expect(stats.insight.average).toBeCloseTo(400 / 60, 3);
    expect(stats.baseline.average).toBeGreaterThan(15 / 60);
    expect(stats.baseline.average).toBeLessThan(25 / 60);
    expect(stats.insightDuration).toBe(180);
    expect(stats.baselineDuration).toBe(120 * 60);
    // The open insight is kept in the state between the two runs.
    expect(Object.keys((states[121] as AccountState).open)).toEqual([CALLS]);
    expect((states[129] as AccountState).open).toEqual({});
  });

  it('raises ApiErrorRateInsight with the error code', () => {
    const errors = (h: number) => (h >= 100 && h < 102 ? 90 : h % 7 === 0 ? 1 : 0);
    const { events } = run({ [ERRORS]: errors }, 105);
    expect(
      events.map((e) => [e.insightDetails.state, e.insightDetails.insightType, e.insightDetails.errorCode])
    ).toEqual([
      ['Start', 'ApiErrorRateInsight', 'Client.UnauthorizedOperation'],
      ['End', 'ApiErrorRateInsight', 'Client.UnauthorizedOperation'],
    ]);
  });

  it.each([
    ['under the minimum volume', 25, 0],
    ['at twice the minimum volume', 60, 2],
  ])('pages for a rare API jumping to %s', (_name, burst, expected) => {
    const rare = (h: number) => (h >= 100 && h < 102 ? burst : h % 11 === 0 ? 1 : 0);
    expect(run({ [CALLS]: rare }, 105).events).toHaveLength(expected);
  });

  it('raises nothing before the account has minHistoryHours of history', () => {
    const early = (h: number) => (h === DEFAULT_DETECTOR_CONFIG.minHistoryHours - 5 ? 5000 : 20);
    expect(run({ [CALLS]: early }, DEFAULT_DETECTOR_CONFIG.minHistoryHours + 5).events).toEqual([]);
  });

  it('gives the same state and no new events when a delivery hour is applied again', () => {
    // Prepare
    const spike = (h: number) => (h === 110 ? 500 : steady(30)(h));
    const { state } = run({ [CALLS]: spike }, 111);
    const last = addHours(START, 110);
    const again: SeriesCounts = { [CALLS]: { [last]: 500 } };
    // Act
    const step = advanceAccountState(state, ACCOUNT, new Map([[last, again]]), last);
    // Assess
    expect(step.events).toEqual([]);
    expect(step.state).toEqual(state);
  });

  it('replaces a delivery hour recomputed with late files instead of adding it twice', () => {
    // Prepare: hour 100's rollup first holds 20 calls of its hour, then (late files) 600
    const { state } = run({ [CALLS]: steady(20) }, 100);
    const hour = addHours(START, 100);
    const next = addHours(START, 101);
    // Act
    const first = advanceAccountState(state, ACCOUNT, new Map([[hour, { [CALLS]: { [hour]: 20 } }]]), hour);
    const late = advanceAccountState(
      first.state,
      ACCOUNT,
      new Map([
        [hour, { [CALLS]: { [hour]: 600 } }],
        [next, { [CALLS]: { [next]: 20 } }],
      ]),
      next
    );
    // Assess: hour 100 is evaluated once, with the late files in, at 600 (not 620)
    expect(first.events).toEqual([]);
    expect(late.events).toHaveLength(1);
    expect(late.events[0]?.insightDetails.insightContext.statistics.insight.average).toBeCloseTo(600 / 60, 3);
  });

  it('derives the same ids on every run (a retried run re-sends the same alerts)', () => {
    const spike = (h: number) => (h >= 100 && h < 102 ? 800 : steady(40)(h));
    const a = run({ [CALLS]: spike }, 105).events.map((e) => [e.eventID, e.sharedEventID]);
    const b = run({ [CALLS]: spike }, 105).events.map((e) => [e.eventID, e.sharedEventID]);
    expect(a).toHaveLength(2);
    expect(a).toEqual(b);
  });
});

describe('seriesOfRollup', () => {
  it('takes write management calls and management errors, and the largest of several trail copies', () => {
    // Prepare
    const base = { account: ACCOUNT, region: 'us-east-1', hour: '2026-03-05T10', eventSource: 'ec2.amazonaws.com' };
    const rollup: Rollup = {
      schemaVersion: 1,
      kind: 'hourly',
      period: '2026-03-05T10',
      account: ACCOUNT,
      files: [],
      rows: [
        {
          ...base,
          trail: 'org-trail',
          eventCategory: 'Management',
          eventName: 'RunInstances',
          readOnly: false,
          count: 40,
        },
        {
          ...base,
          trail: 'team-trail',
          eventCategory: 'Management',
          eventName: 'RunInstances',
          readOnly: false,
          count: 40,
        },
        {
          ...base,
          trail: 'org-trail',
          eventCategory: 'Management',
          eventName: 'DescribeInstances',
          readOnly: true,
          count: 900,
        },
        { ...base, trail: 'org-trail', eventCategory: 'Data', eventName: 'GetObject', readOnly: true, count: 900 },
      ],
      errors: [
        {
          ...base,
          trail: 'org-trail',
          eventCategory: 'Management',
          eventName: 'DescribeInstances',
          errorCode: 'Client.UnauthorizedOperation',
          count: 7,
        },
        {
          ...base,
          trail: 'org-trail',
          eventCategory: 'Data',
          eventName: 'GetObject',
          errorCode: 'AccessDenied',
          count: 9,
        },
      ],
      stats: [],
    };
    // Act
    const series = seriesOfRollup(rollup);
    // Assess
    expect(series).toEqual({
      [CALLS]: { '2026-03-05T10': 40 },
      [seriesId(
        'ApiErrorRateInsight',
        'us-east-1',
        'ec2.amazonaws.com',
        'DescribeInstances',
        'Client.UnauthorizedOperation'
      )]: { '2026-03-05T10': 7 },
    });
  });
});
