/**
 * Brings one API result into the snapshot's form, whichever client produced it: Dates (SDK v3)
 * and epoch seconds (AWS CLI v1 prints JSON-protocol timestamps as numbers) become ISO 8601
 * strings, empty strings (moto) are dropped, and the SDK's `$metadata` goes.
 * @param value - an SDK output or the parsed JSON the AWS CLI printed
 * @returns a plain JSON value
 * @example
 * normalizeResult({ IsLogging: true, LatestDeliveryTime: 1767225600 })
 * // { IsLogging: true, LatestDeliveryTime: '2026-01-01T00:00:00.000Z' }
 */
export const normalizeResult = <T>(value: unknown): T => normalize(value, '') as T;

const TIME_KEY = /Time$/;

const normalize = (value: unknown, key: string): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => normalize(item, ''));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata' || v === undefined || v === '') continue;
      out[k] = normalize(v, k);
    }
    return out;
  }
  if (TIME_KEY.test(key) && typeof value === 'number') return new Date(value * 1000).toISOString();
  if (TIME_KEY.test(key) && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  return value;
};
