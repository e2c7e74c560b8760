import { sha256Hex } from './sha256-hex.js';

/**
 * A maker of store keys from two parts: sha256(first ␀ second), its first 32 hex digits.
 * Remembered by first part, then second (a lookup builds no string), so the keys a run meets in
 * file after file are hashed once; past `most` remembered keys it forgets them all.
 * @param most - the most keys remembered at once
 * @returns the key of two parts
 */
export const rememberedKeys = (most: number): ((first: string, second: string) => string) => {
  const known = new Map<string, Map<string, string>>();
  let remembered = 0;
  return (first, second) => {
    let bySecond = known.get(first);
    const kept = bySecond?.get(second);
    if (kept !== undefined) return kept;
    if (remembered >= most) {
      known.clear();
      remembered = 0;
      bySecond = undefined;
    }
    if (bySecond === undefined) {
      bySecond = new Map();
      known.set(first, bySecond);
    }
    const key = sha256Hex(`${first}\u0000${second}`).slice(0, 32);
    bySecond.set(second, key);
    remembered++;
    return key;
  };
};
