/** A field path split into segments: `userIdentity.sessionContext.sessionIssuer.arn`. */
export type FieldPath = readonly string[];

/**
 * Splits a dotted path. Numeric segments index arrays (`resources.0.ARN`); `[0]` is accepted as
 * well, so CloudWatch-style `$.resources[0].ARN` and Sigma-style `resources.ARN` both work.
 * @param path - dotted path, without a `$.` prefix
 * @returns the segments (an empty path means the whole record)
 */
export const parseFieldPath = (path: string): FieldPath =>
  path === ''
    ? []
    : path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .filter((segment) => segment !== '');

/**
 * Reads a field from a parsed record. Where a segment names a field of an array's elements,
 * the values of every element are collected (`resources.ARN` → every resource ARN), so rules
 * need not know whether a field is a list.
 * @param root - the record (or any JSON value)
 * @param path - the segments
 * @param from - the first segment to read (`root` is the value of the segments before it)
 * @returns the value; an array when collected across elements; `undefined` when absent
 */
export const resolvePath = (root: unknown, path: FieldPath, from = 0): unknown => {
  let current: unknown = root;
  for (let i = from; i < path.length; i++) {
    if (current === null || current === undefined) return undefined;
    const segment = path[i] as string;
    if (Array.isArray(current) && !/^\d+$/.test(segment)) {
      const rest = path.slice(i);
      const collected: unknown[] = [];
      for (const element of current) {
        const value = resolvePath(element, rest);
        if (value === undefined) continue;
        if (Array.isArray(value)) collected.push(...value);
        else collected.push(value);
      }
      return collected.length === 0 ? undefined : collected;
    }
    if (typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
};

/**
 * Flattens a resolved value into the scalars a string or number test looks at: array
 * elements one by one, objects by their scalar leaves (deep), scalars as themselves.
 * @param value - a resolved field value
 * @returns the scalars (`null` kept, `undefined` dropped)
 */
export const scalarLeaves = (value: unknown): unknown[] => {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object') return [value];
  const out: unknown[] = [];
  collectLeaves(value, out);
  return out;
};

const collectLeaves = (value: unknown, out: unknown[]): void => {
  if (value === undefined) return;
  if (Array.isArray(value)) for (const e of value) collectLeaves(e, out);
  else if (value !== null && typeof value === 'object') for (const e of Object.values(value)) collectLeaves(e, out);
  else out.push(value);
};

/** The text form of a scalar for string comparisons (`true` → `'true'`, `22` → `'22'`). */
export const scalarText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
};
