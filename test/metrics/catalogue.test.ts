import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lagSeconds, METRIC_NAMES, METRICS } from '../../lib/model/metrics.js';

describe('the metric catalogue', () => {
  it('is the metrics table of docs/alerts.md: every metric with its unit, and no other', async () => {
    // Prepare
    const doc = await readFile('docs/alerts.md', 'utf8');
    const section = doc.slice(doc.indexOf('## Metrics and alarms'), doc.indexOf('## Limits'));
    // Act
    const rows = [...section.matchAll(/^\| `(\w+)` \| (\w+) \|/gm)].map((m) => [m[1], m[2]]);
    // Assess
    expect(rows).toEqual(METRIC_NAMES.map((name) => [name, METRICS[name].unit]));
  });
});

describe('lagSeconds', () => {
  const now = new Date('2026-01-02T04:00:00Z');

  it.each([
    ['an eventTime 5 minutes ago', '2026-01-02T03:55:00Z', 300],
    ['an eventTime with milliseconds', '2026-01-02T03:59:59.500Z', 0.5],
    ['an eventTime in the future (clock skew)', '2026-01-02T04:00:30Z', 0],
  ])('gives the seconds since %s', (_name, eventTime, seconds) => {
    // Act
    const lag = lagSeconds(eventTime, now);
    // Assess
    expect(lag).toBe(seconds);
  });

  it.each([
    ['no eventTime', undefined],
    ['an eventTime that does not parse', 'yesterday-ish'],
  ])('gives nothing for %s', (_name, eventTime) => {
    // Act
    const lag = lagSeconds(eventTime, now);
    // Assess
    expect(lag).toBeUndefined();
  });
});
