import type {
  CorrelationStore,
  CorrelationWrite,
  CorrelationWriteResult,
  StoredCorrelation,
} from '../model/correlation.js';

/** The serialisable state of a {@link memoryCorrelationStore}: what `--state FILE` keeps beside the incidents. */
export type CorrelationState = {
  correlations: Record<string, StoredCorrelation>;
  /** The sources folded into each state, by state key. */
  sources: Record<string, string[]>;
};

/**
 * Correlation states in memory for one run (the CLI), with the same semantics as the DynamoDB
 * table: conditional on the version read, once per (state, source), expired states read as absent.
 * @param state - a previous run's state (`--state FILE`), taken over
 * @param now - the clock that decides expiry
 */
export const memoryCorrelationStore = (
  state: CorrelationState = { correlations: {}, sources: {} },
  now: () => Date = () => new Date()
): Required<CorrelationStore> & { state: () => CorrelationState } => {
  const states = new Map(Object.entries(state.correlations));
  const sources = new Map(Object.entries(state.sources).map(([key, list]) => [key, new Set(list)]));
  const live = (key: string): StoredCorrelation | undefined => {
    const stored = states.get(key);
    if (stored === undefined || stored.expiresAt * 1000 <= now().getTime()) return undefined;
    return stored;
  };
  /** What applying `write` would answer, without applying it. */
  const judge = (write: CorrelationWrite): CorrelationWriteResult => {
    const key = write.next.key;
    const current = live(key);
    if (current === undefined) sources.delete(key);
    if (sources.get(key)?.has(write.source)) return 'duplicate';
    if (current?.version !== write.expectedVersion) return 'conflict';
    return 'applied';
  };
  const put = (write: CorrelationWrite): void => {
    const key = write.next.key;
    // Taken over as it is: a fold builds `next` afresh and never changes it after the write.
    states.set(key, write.next);
    const folded = sources.get(key) ?? new Set<string>();
    folded.add(write.source);
    sources.set(key, folded);
  };
  return {
    get: async (keys) => {
      const found = new Map<string, StoredCorrelation>();
      for (const key of keys) {
        const stored = live(key);
        if (stored !== undefined) found.set(key, structuredClone(stored));
      }
      return found;
    },
    apply: async (write: CorrelationWrite): Promise<CorrelationWriteResult> => {
      const result = judge(write);
      if (result === 'applied') put(write);
      return result;
    },
    // One transaction: every write or none.
    applyAll: async (writes) => {
      const results = writes.map(judge);
      if (results.every((r) => r === 'applied')) {
        for (const w of writes) put(w);
        return results;
      }
      return results.map((r) => (r === 'applied' ? 'unapplied' : r));
    },
    keys: async (correlationIds) =>
      [...states.keys()].filter((key) => {
        const stored = live(key);
        return stored !== undefined && (correlationIds === undefined || correlationIds.has(stored.correlationId));
      }),
    state: () => {
      const keys = [...states.keys()].filter((key) => live(key) !== undefined);
      return {
        correlations: Object.fromEntries(keys.map((key) => [key, states.get(key) as StoredCorrelation])),
        sources: Object.fromEntries(keys.map((key) => [key, [...(sources.get(key) ?? [])]])),
      };
    },
  };
};
