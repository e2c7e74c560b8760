import type { BaselineRead, BaselineStore, StoredBaseline } from '../model/baseline.js';
import { deepFreeze } from '../model/deep-freeze.js';

/** The serialisable state of a {@link memoryBaselineStore}: what `--state FILE` keeps in its `baseline` field. */
export type BaselineState = {
  /** The deployment's first eventTime, epoch ms. */
  deploymentStart?: number;
  baselines: Record<string, StoredBaseline>;
};

/**
 * First-seen baselines in memory for one run (the CLI), with the DynamoDB table's semantics: a
 * claim creates only where no live baseline is, expired baselines read as absent, the start
 * only moves earlier. The store keeps what it is given and hands out what it keeps, frozen: a
 * claimed baseline and every baseline read can no longer be changed by anyone, so reads cost no
 * copy and an extension replaces the stored baseline instead of changing it.
 * @param state - a previous run's state (`--state FILE`), taken over
 * @param now - the clock that decides expiry
 */
export const memoryBaselineStore = (
  state: BaselineState = { baselines: {} },
  now: () => Date = () => new Date()
): BaselineStore & { state: () => BaselineState } => {
  const baselines = new Map(Object.entries(state.baselines).map(([id, stored]) => [id, deepFreeze(stored)]));
  let start = state.deploymentStart;
  const live = (id: string): StoredBaseline | undefined => {
    const stored = baselines.get(id);
    return stored === undefined || stored.expiresAt * 1000 <= now().getTime() ? undefined : stored;
  };
  return {
    read: async (ids): Promise<BaselineRead> => {
      const found = new Map<string, StoredBaseline>();
      for (const id of ids) {
        const stored = live(id);
        if (stored !== undefined) found.set(id, stored);
      }
      return { baselines: found, ...(start !== undefined && { deploymentStart: start }) };
    },
    claim: async (baseline) => {
      if (live(baseline.id) !== undefined) return false;
      baselines.set(baseline.id, deepFreeze(baseline));
      return true;
    },
    extend: async (id, expiresAt) => {
      const stored = live(id);
      if (stored !== undefined && stored.expiresAt < expiresAt) baselines.set(id, deepFreeze({ ...stored, expiresAt }));
    },
    noteStart: async (time) => {
      if (start === undefined || time < start) start = time;
    },
    state: () => ({
      ...(start !== undefined && { deploymentStart: start }),
      baselines: Object.fromEntries(
        [...baselines.keys()].flatMap((id) => {
          const stored = live(id);
          return stored === undefined ? [] : [[id, stored] as const];
        })
      ),
    }),
  };
};
