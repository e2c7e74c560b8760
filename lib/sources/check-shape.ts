/*
 * Small structural checks for trigger envelopes, in place of a schema library: ingest and verify
 * unwrap envelopes on every invocation, and a validation library would weigh more than the rest
 * of their bundle. Each check returns undefined when the value fits, or the first problem found,
 * naming where (`Records[0].Sns.Timestamp: not an ISO 8601 UTC time`).
 */

/** Checks one value; `at` names it for the problem. */
export type Check = (value: unknown, at: string) => string | undefined;

/** An object, not null and not an array. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object made by `{}` or `JSON.parse` (or without a prototype), as a record of values must be. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype = (ctor as { prototype?: unknown }).prototype;
  return isObject(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
};

const path = (at: string, key: string | number): string =>
  typeof key === 'number' ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`;

/** A string, at least `min` characters long. */
export const string =
  (min = 0): Check =>
  (value, at) =>
    typeof value !== 'string'
      ? `${at}: not a string`
      : value.length < min
        ? `${at}: shorter than ${min} characters`
        : undefined;

/** A finite number. */
export const number: Check = (value, at) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : `${at}: not a finite number`;

/** Exactly this value. */
export const literal =
  (expected: string): Check =>
  (value, at) =>
    value === expected ? undefined : `${at}: not ${JSON.stringify(expected)}`;

/** A string the WHATWG URL parser takes (after trimming). */
export const url: Check = (value, at) =>
  typeof value === 'string' && URL.canParse(value.trim()) ? undefined : `${at}: not a URL`;

/** `YYYY-MM-DD` (a real calendar day, leap years included). */
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const UTC_DATETIME = new RegExp(`^${DATE}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?Z$`);

/** An ISO 8601 UTC time with seconds and a `Z`: `2026-01-02T03:10:00.000Z`. */
export const utcDatetime: Check = (value, at) =>
  typeof value === 'string' && UTC_DATETIME.test(value) ? undefined : `${at}: not an ISO 8601 UTC time`;

/** Absent (undefined) or fitting `check`. */
export const optional =
  (check: Check): Check =>
  (value, at) =>
    value === undefined ? undefined : check(value, at);

/** Absent, null or fitting `check`. */
export const nullish =
  (check: Check): Check =>
  (value, at) =>
    value === undefined || value === null ? undefined : check(value, at);

/** An object whose named members fit their checks (other members are ignored). */
export const object =
  (shape: Record<string, Check>): Check =>
  (value, at) => {
    if (!isObject(value)) return `${at || 'the event'}: not an object`;
    for (const [key, check] of Object.entries(shape)) {
      const problem = check(value[key], path(at, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** An array of at least `min` items, each fitting `check`. */
export const array =
  (check: Check, min = 0): Check =>
  (value, at) => {
    if (!Array.isArray(value)) return `${at}: not an array`;
    if (value.length < min) return `${at}: fewer than ${min} items`;
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], path(at, i));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** A plain object of string keys whose every value fits `check`. */
export const record =
  (check: Check): Check =>
  (value, at) => {
    if (!isPlainObject(value)) return `${at}: not a plain object`;
    if (Object.getOwnPropertySymbols(value).some((s) => Object.prototype.propertyIsEnumerable.call(value, s)))
      return `${at}: has a symbol key`;
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') continue;
      const problem = check(item, path(at, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** Whether `value` fits `check`. */
export const fits = (check: Check, value: unknown): boolean => check(value, '') === undefined;
