import { describe, expect, it } from 'vitest';
import { loadDigestConfig } from '../../lib/config/index.js';

describe('loadDigestConfig: TRAIL_PREFIX', () => {
  it.each([
    ['', ''],
    ['org/', 'org/'],
    ['a/b/', 'a/b/'],
  ])('takes %j as the trail key prefix', (raw, expected) => {
    // Act
    const config = loadDigestConfig({ TRAIL_PREFIX: raw });
    // Assess
    expect(config.trailPrefix).toBe(expected);
  });

  it('leaves the prefix unset when TRAIL_PREFIX is absent', () => {
    // Act
    const config = loadDigestConfig({});
    // Assess
    expect(config.trailPrefix).toBeUndefined();
  });

  it.each(['org', '/org/', 'a//b/', '/'])('refuses %j with a ConfigError naming TRAIL_PREFIX', (raw) => {
    // Act
    const loading = () => loadDigestConfig({ TRAIL_PREFIX: raw });
    // Assess
    expect(loading).toThrow(
      expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining('TRAIL_PREFIX') })
    );
  });
});

const ARN = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org.main_1';

describe('loadDigestConfig: TRAIL_ARNS', () => {
  it('reads TRAIL_ARNS as a comma-separated list of trail ARNs, empty when unset', () => {
    // Act
    const unset = loadDigestConfig({});
    const set = loadDigestConfig({
      TRAIL_ARNS: ` ${ARN}, arn:aws-us-gov:cloudtrail:us-gov-west-1:222233334444:trail/gov ,`,
    });
    // Assess
    expect(unset.trailArns).toEqual([]);
    expect(set.trailArns).toEqual([ARN, 'arn:aws-us-gov:cloudtrail:us-gov-west-1:222233334444:trail/gov']);
  });

  it('refuses a TRAIL_ARNS entry that is no trail ARN, naming the variable and the entry', () => {
    // Act
    const loading = () => loadDigestConfig({ TRAIL_ARNS: `${ARN},main` });
    // Assess
    expect(loading).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(/^TRAIL_ARNS: 'main' is not a trail ARN/),
      })
    );
  });
});
