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
