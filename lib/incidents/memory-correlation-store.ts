import type {
  CorrelationStore,
  CorrelationWrite,
  LocalCorrelationStore,
  CorrelationWriteResult,
  StoredCorrelation,
} from '../model/correlation.js';
import { deepFreeze } from '../model/deep-freeze.js';
import type { RememberedSources } from './memory-store.js';
import { applyAllOrNone } from './apply-all-or-none.js';
import { FoldedSources } from './folded-sources.js';

/** The serialisable state of a {@link memoryCorrelationStore}: what `--state FILE` keeps beside the incidents. */
export type CorrelationState = {
  correlations: Record<string, StoredCorrelation>;
  /** The sources folded into each state, by state key. */
  sources: Record<string, string[]>;
};

/**
 * Correlation states in memory for one run (the CLI), with the same semantics as the DynamoDB
 * table: conditional on the version read, once per (state, source), expired states read as absent.
 *
 * The store keeps what it is given and hands out what it keeps, frozen (deeply, in place): a
 * written `next` and every state read can no longer be changed by anyone, so reads cost no copy.
 * A state folded by `foldNow` (the CLI's fold) is the one exception: kept unfrozen, as the fold
 * returned it, and changed in place by the next `foldNow` of its key (reads hand it out as it
 * stands; a write through `apply` replaces it with a frozen one again).
 * @param state - a previous run's state (`--state FILE`), taken over
 * @param now - the clock that decides expiry
 * @param remember - the sources kept per state (see {@link RememberedSources})
 */
export const memoryCorrelationStore = (
  state: CorrelationState = { correlations: {}, sources: {} },
  now?: () => Date,
  remember: RememberedSources = 'all'
): Required<CorrelationStore> & LocalCorrelationStore & { state: () => CorrelationState } => {
  const states = new Map(Object.entries(state.correlations).map(([key, stored]) => [key, deepFreeze(stored)]));
  const sources = new FoldedSources(state.sources, remember);
  /** The clock in epoch ms (the system's without one given). */
  const clockMs = now === undefined ? Date.now : () => now().getTime();
  const live = (key: string, atMs = clockMs()): StoredCorrelation | undefined => {
    const stored = states.get(key);
    if (stored === undefined || stored.expiresAt * 1000 <= atMs) return undefined;
    return stored;
  };
  /** What applying `write` would answer, without applying it (an expired state's sources are dropped). */
  const judge = (write: CorrelationWrite, nowMs: number): CorrelationWriteResult => {
    const key = write.next.key;
    const current = live(key, nowMs);
    if (current === undefined) sources.delete(key);
    if (sources.has(key, write.source)) return 'duplicate';
    if (current?.version !== write.expectedVersion) return 'conflict';
    return 'applied';
  };
  const put = (write: CorrelationWrite): void => {
    const key = write.next.key;
    states.set(key, deepFreeze(write.next));
    sources.add(key, write.source);
  };
  return {
    get: async (keys) => {
      const found = new Map<string, StoredCorrelation>();
      const nowMs = clockMs();
      for (const key of keys) {
        const stored = live(key, nowMs);
        if (stored !== undefined) found.set(key, stored);
      }
      return found;
    },
    apply: async (write: CorrelationWrite): Promise<CorrelationWriteResult> => {
      const result = judge(write, clockMs());
      if (result === 'applied') put(write);
      return result;
    },
    foldNow: (key, source, fold) => {
      const current = live(key);
      if (current === undefined) sources.delete(key);
      else if (sources.has(key, source)) return { state: current, duplicate: true };
      const state = fold(current);
      // Kept as it is: the folds in place change it from here on.
      states.set(key, state);
      sources.add(key, source);
      return { state, duplicate: false };
    },
    applyAll: async (writes) => {
      // One clock for the whole batch, as one transaction is judged at one time.
      const nowMs = clockMs();
      return applyAllOrNone(writes, (write) => judge(write, nowMs), put);
    },
    keys: async (correlationIds) => {
      const nowMs = clockMs();
      return [...states.keys()].filter((key) => {
        const stored = live(key, nowMs);
        return stored !== undefined && (correlationIds === undefined || correlationIds.has(stored.correlationId));
      });
    },
    state: () => {
      const nowMs = clockMs();
      const keys = [...states.keys()].filter((key) => live(key, nowMs) !== undefined);
      return {
        correlations: Object.fromEntries(keys.map((key) => [key, states.get(key) as StoredCorrelation])),
        sources: Object.fromEntries(keys.map((key) => [key, sources.list(key)])),
      };
    },
  };
};
