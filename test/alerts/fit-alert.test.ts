import { describe, expect, it } from 'vitest';
import { AlertTooLargeError, fitAlert } from '../../lib/alerts/fit-alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { makeAlert } from './make-alert.js';

const json = (a: unknown): string => JSON.stringify(a);
const bigSample = {
  eventVersion: '1.08',
  requestParameters: { blob: 'x'.repeat(300_000) },
} as unknown as CloudTrailRecord;
const manyIds = Array.from({ length: 5_000 }, (_, i) => `6b0b7a3c-1111-4e5f-9a0b-${String(i).padStart(12, '0')}`);

describe('fitAlert', () => {
  it('leaves an alert that fits untouched', () => {
    // Prepare
    const alert = makeAlert();
    // Act
    const fitted = fitAlert(alert, json, 10_000);
    // Assess
    expect(fitted.alert).toBe(alert);
    expect(fitted.trimmed).toEqual([]);
    expect(fitted.body).toBe(JSON.stringify(alert));
  });

  it('drops the sample first and says so', () => {
    // Prepare
    const alert = makeAlert({ sample: bigSample });
    // Act
    const fitted = fitAlert(alert, json, 200_000);
    // Assess
    expect(fitted.alert.sample).toBeUndefined();
    expect(fitted.alert.eventIds).toEqual(alert.eventIds);
    expect(fitted.trimmed).toEqual(['sample']);
    expect(JSON.parse(fitted.body)).toMatchObject({ id: alert.id, trimmed: ['sample'] });
    expect(fitted.bytes).toBeLessThanOrEqual(200_000);
  });

  it('cuts eventIds after the sample when still too big, keeping the alert', () => {
    // Prepare
    const alert = makeAlert({ sample: bigSample, eventIds: manyIds, count: 5_000 });
    // Act
    const fitted = fitAlert(alert, json, 20_000);
    // Assess
    expect(fitted.trimmed).toEqual(['sample', 'eventIds']);
    expect(fitted.alert.eventIds).toEqual(manyIds.slice(0, 100));
    expect(fitted.alert).toMatchObject({ id: alert.id, count: 5_000, severity: 'high', ruleId: alert.ruleId });
  });

  it('shortens long strings as a last resort', () => {
    // Prepare
    const alert = makeAlert({ title: 't'.repeat(5_000), description: 'd'.repeat(5_000) });
    // Act
    const fitted = fitAlert(alert, json, 3_000);
    // Assess
    expect(fitted.bytes).toBeLessThanOrEqual(3_000);
    expect(fitted.alert.title).toHaveLength(512);
    expect(fitted.alert.title.endsWith('…')).toBe(true);
  });

  it('throws AlertTooLargeError naming the alert when nothing more can go', () => {
    // Act
    const fitting = () => fitAlert(makeAlert(), json, 50);
    // Assess
    expect(fitting).toThrow(AlertTooLargeError);
    expect(fitting).toThrow(/cloudtrail-logging-stopped-0f1e2d3c4b5a6978/);
  });
});
