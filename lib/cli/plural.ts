/**
 * A count and its noun, singular for one: `plural(1, 'file')` → `1 file`, `plural(3, 'match', 'matches')` → `3 matches`.
 * @param n - the count
 * @param one - the noun for one
 * @param many - the noun for any other count (default: `one` + `s`)
 */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
