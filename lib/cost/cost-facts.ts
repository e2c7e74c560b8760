import type { TrailScope } from './types.js';

/** Events and their cost in one trail/account/region. */
export type ScopedAmount = TrailScope & { events: number; costUsd: number };

/** Accumulates amounts per trail/account/region (the `top` lists of the advice). */
export class ScopedTotals {
  readonly #byScope = new Map<string, ScopedAmount>();
  events = 0;
  costUsd = 0;

  add(scope: TrailScope, events: number, costUsd: number): void {
    const key = `${scope.trail}|${scope.account}|${scope.region}`;
    let found = this.#byScope.get(key);
    if (!found) {
      found = { trail: scope.trail, account: scope.account, region: scope.region, events: 0, costUsd: 0 };
      this.#byScope.set(key, found);
    }
    found.events += events;
    found.costUsd += costUsd;
    this.events += events;
    this.costUsd += costUsd;
  }

  scopes(): ScopedAmount[] {
    return [...this.#byScope.values()];
  }
}

/**
 * What the advice rules need to know about a report's events, gathered while folding rollups
 * (so a day of 1,000 accounts never has to be held as rows).
 */
export type CostFacts = {
  managementEvents: number;
  /** KMS management events on additional copies. */
  kmsAdditional: ScopedTotals;
  /** RDS Data API management events on additional copies. */
  rdsDataAdditional: ScopedTotals;
  /** KMS calls S3 Bucket Keys would replace (Decrypt, GenerateDataKey…), all copies. */
  kmsBucketKeyCalls: ScopedTotals;
  /** Data events by `eventSource eventName`. */
  dataTypes: Map<string, { eventSource: string; eventName: string; totals: ScopedTotals }>;
  /** Read-only data events by eventSource. */
  readOnlyData: Map<string, ScopedTotals>;
  dataCostUsd: number;
  /** Management events on additional copies. */
  additionalManagement: ScopedTotals;
  /** Uncompressed bytes and records per trail/account/region (bytes per event for Lake). */
  volume: Map<string, { records: number; bytes: number }>;
};

/** Facts of a report with nothing added yet. */
export const emptyCostFacts = (): CostFacts => ({
  managementEvents: 0,
  kmsAdditional: new ScopedTotals(),
  rdsDataAdditional: new ScopedTotals(),
  kmsBucketKeyCalls: new ScopedTotals(),
  dataTypes: new Map(),
  readOnlyData: new Map(),
  dataCostUsd: 0,
  additionalManagement: new ScopedTotals(),
  volume: new Map(),
});
