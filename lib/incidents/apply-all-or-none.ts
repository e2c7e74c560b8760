/**
 * Several writes issued together, as a DynamoDB transaction takes them: every write when each
 * would apply alone, else none, and each write that would have applied answers `unapplied`.
 * The memory stores' `applyAll`.
 * @param writes - the writes, in order
 * @param judge - what one write would do alone ('applied', 'conflict', 'duplicate')
 * @param put - stores one write
 * @returns one result per write, in order
 */
export const applyAllOrNone = <W, R extends string>(
  writes: readonly W[],
  judge: (write: W) => R | 'applied',
  put: (write: W) => void
): Array<R | 'applied' | 'unapplied'> => {
  const results = writes.map(judge);
  if (results.every((r) => r === 'applied')) {
    for (const w of writes) put(w);
    return results;
  }
  return results.map((r) => (r === 'applied' ? 'unapplied' : r));
};
