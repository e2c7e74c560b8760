import { describe, expect, it } from 'vitest';
import { controlLine, describeRatios, roundRatios } from '../../bench/detection-rounds.js';

describe("the benches' round ratios", () => {
  it('divides round by round, then takes the median, the middle half and the extremes', () => {
    // Prepare: rounds whose ratios are 0.5, 0.8, 0.9, 1, 1.2 (given out of order)
    const numerators = [90, 50, 120, 80, 100];
    const denominators = [100, 100, 100, 100, 100];
    // Act
    const r = roundRatios(numerators, denominators);
    // Assess
    expect(r).toEqual({ median: 0.9, q1: 0.8, q3: 1, min: 0.5, max: 1.2 });
    expect(describeRatios(r)).toBe("0.90× (median of the rounds' ratios; middle half 0.80–1.00×, all 0.50–1.20×)");
  });

  it('pairs each round with its own round, not with the sorted other series', () => {
    // Act: each round's ratio is 2 although the series are in opposite orders
    const r = roundRatios([8, 2, 6, 4], [4, 1, 3, 2]);
    // Assess
    expect([r.min, r.median, r.max]).toEqual([2, 2, 2]);
  });

  it('names the control variant and its ratio as the noise to read others against', () => {
    // Act
    const line = controlLine('the pack without context', roundRatios([102, 95], [100, 100]));
    // Assess
    expect(line).toMatch(/^control: the pack without context in a second process, against its first: 1\.02×/);
    expect(line).toMatch(/within this machine's noise$/);
  });
});
