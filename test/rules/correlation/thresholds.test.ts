import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import { at, consoleLogin, correlator } from '../../helpers/correlation-records.js';

/** console-login-failure-burst: five failed sign-ins from one address within 10 minutes. */
const burst = (minutes: number[], ip = '203.0.113.9') =>
  minutes.map((m) => consoleLogin(at(m), 'Failure', 'alice', ip));

describe('threshold rules across files', () => {
  it('fires a burst split over two files once, and a retry of either file fires nothing new', async () => {
    // Prepare
    const c = correlator([], { builtin: true });
    const first = await c.file('a.json.gz', burst([1, 2, 3]));
    // Act
    const second = await c.file('b.json.gz', burst([4, 5]));
    const retryFirst = await c.file('a.json.gz', burst([1, 2, 3]));
    const later = await c.file('c.json.gz', burst([6]));
    // Assess
    expect(first.fired).toEqual([]);
    expect(second.fired.map((a) => [a.ruleId, a.details?.dedupKey, a.count])).toEqual([
      ['console-login-failure-burst', '"111122223333"|"203.0.113.9"', 5],
    ]);
    expect(retryFirst.fired).toEqual([]);
    expect(later.fired).toEqual([]);
    expect([...first.own, ...second.own].filter((a) => a.ruleId === 'console-login-failure-burst')).toEqual([]);
  });

  it('does not fire for a near miss: four in the window and the fifth after it', async () => {
    // Prepare
    const c = correlator([], { builtin: true });
    await c.file('a.json.gz', burst([1, 2]));
    // Act
    const second = await c.file('b.json.gz', burst([3, 4, 11.5]));
    // Assess
    expect(second.fired).toEqual([]);
  });

  it('judges the threshold within the file when no correlation store is used (per file)', () => {
    // Prepare
    const c = correlator([], { builtin: true });
    const detect = (records: ReturnType<typeof burst>) => {
      const detector = c.engine.detector({ bucket: 'trail-bucket', key: 'x.json.gz' });
      for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
      return detector.finish().filter((a) => a.ruleId === 'console-login-failure-burst');
    };
    // Act
    const split = [detect(burst([1, 2, 3])), detect(burst([4, 5]))];
    const whole = detect(burst([1, 2, 3, 4, 5]));
    // Assess
    expect(split).toEqual([[], []]);
    expect(whole.map((a) => a.count)).toEqual([5]);
  });
});
