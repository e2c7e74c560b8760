/**
 * Groups items, in order, into batches of at most `maxCount` items and `maxBytes` total
 * size: PutEvents' 10 entries and 256 KB per call. An item bigger than `maxBytes` on its own
 * still gets a batch (the caller trims items first, so that does not happen in practice).
 * @param items - things to send
 * @param sizeOf - an item's size in bytes as the service counts it
 * @example batchBySize(entries, entrySize, 10, 256 * 1024)
 */
export const batchBySize = <T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxCount: number,
  maxBytes: number
): T[][] => {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
};
