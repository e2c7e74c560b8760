import { describe, expect, it } from 'vitest';
import { loadDigestConfig } from '../../lib/config/index.js';

const ARN = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org.main_1';

describe('loadDigestConfig', () => {
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
