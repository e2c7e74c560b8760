/**
 * Freezes a JSON-like value and everything in it, in place, and hands it back. Parts already frozen
 * are taken as frozen through and through (the memory stores freeze everything they keep), so a
 * state built from an earlier frozen one by spreading costs only its new parts.
 * @param value - plain objects, arrays and primitives (no typed arrays)
 */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
};
