import { type AdviceOptions, advise } from './advise.js';
import { ADVICE_DEFAULTS, INSIGHT_TYPES, KMS_BUCKET_KEY_EVENTS, KMS_SOURCE, RDS_DATA_SOURCE } from './constants.js';
import { type CostFacts, ScopedTotals, emptyCostFacts } from './cost-facts.js';
import { deliveryCost, insightsAnalysed, insightsCost, roundUsd } from './estimate-cost.js';
import {
  COST_REPORT_SCHEMA_VERSION,
  type CostReport,
  type PriceTable,
  type Rollup,
  type RollupRow,
  type TrailPricingResolver,
} from './types.js';

type TypeTotal = {
  eventCategory: string;
  eventSource: string;
  eventName: string;
  count: number;
  delivery: number;
  insights: number;
};

const TOP_ACCOUNTS = 25;

/**
 * Prices rollups and folds them into a cost report, one rollup at a time: a day of an
 * organization's per-account daily rollups, or the CLI's one local rollup. Rows are priced as
 * they come (each row's trail, account and region pick its copy), so memory grows with the
 * number of event types and accounts, not with rows.
 *
 * @example
 * const builder = new CostReportBuilder('2026-01-02', DEFAULT_PRICES, trailPricingResolver({ copy: 'first' }));
 * builder.add(dailyRollup);
 * const report = builder.report();
 */
export class CostReportBuilder {
  readonly #types = new Map<string, TypeTotal>();
  readonly #categories = new Map<string, { count: number; cost: number }>();
  readonly #accounts = new Map<string, { events: number; cost: number }>();
  readonly #facts: CostFacts = emptyCostFacts();
  #events = 0;
  #files = 0;
  #bytes = { compressed: 0, uncompressed: 0 };
  #copies = { first: 0, additional: 0 };
  #analysed = 0;

  constructor(
    readonly period: string,
    readonly prices: PriceTable,
    readonly pricingOf: TrailPricingResolver,
    readonly adviceOptions: AdviceOptions = ADVICE_DEFAULTS
  ) {}

  /** Prices and folds one rollup (hourly rows are folded across their hours). */
  add(rollup: Rollup): void {
    for (const row of rollup.rows) this.#addRow(row);
    for (const s of rollup.stats) {
      this.#files += s.files;
      this.#bytes.compressed += s.bytesCompressed;
      this.#bytes.uncompressed += s.bytesUncompressed;
      const key = `${s.trail}|${s.account}|${s.region}`;
      const v = this.#facts.volume.get(key) ?? { records: 0, bytes: 0 };
      v.records += s.records;
      v.bytes += s.bytesUncompressed;
      this.#facts.volume.set(key, v);
    }
  }

  #addRow(row: RollupRow): void {
    const scope = { trail: row.trail, account: row.account, region: row.region };
    const pricing = this.pricingOf(scope);
    const delivery = deliveryCost(row, pricing, this.prices);
    const insights = insightsCost(row, pricing, this.prices);
    const cost = delivery + insights;
    this.#events += row.count;

    const typeKey = `${row.eventCategory}|${row.eventSource}|${row.eventName}`;
    let t = this.#types.get(typeKey);
    if (!t) {
      t = {
        eventCategory: row.eventCategory,
        eventSource: row.eventSource,
        eventName: row.eventName,
        count: 0,
        delivery: 0,
        insights: 0,
      };
      this.#types.set(typeKey, t);
    }
    t.count += row.count;
    t.delivery += delivery;
    t.insights += insights;
    const c = this.#categories.get(row.eventCategory) ?? { count: 0, cost: 0 };
    c.count += row.count;
    c.cost += cost;
    this.#categories.set(row.eventCategory, c);
    const a = this.#accounts.get(row.account) ?? { events: 0, cost: 0 };
    a.events += row.count;
    a.cost += cost;
    this.#accounts.set(row.account, a);

    const f = this.#facts;
    if (row.eventCategory === 'Management') {
      f.managementEvents += row.count;
      this.#copies[pricing.copy] += row.count;
      this.#analysed += insightsAnalysed(row, INSIGHT_TYPES);
      if (pricing.copy === 'additional') {
        f.additionalManagement.add(scope, row.count, delivery);
        if (row.eventSource === KMS_SOURCE) f.kmsAdditional.add(scope, row.count, delivery);
        if (row.eventSource === RDS_DATA_SOURCE) f.rdsDataAdditional.add(scope, row.count, delivery);
      }
      if (row.eventSource === KMS_SOURCE && KMS_BUCKET_KEY_EVENTS.includes(row.eventName))
        f.kmsBucketKeyCalls.add(scope, row.count, delivery);
    } else if (row.eventCategory === 'Data') {
      f.dataCostUsd += delivery;
      const nameKey = `${row.eventSource} ${row.eventName}`;
      let d = f.dataTypes.get(nameKey);
      if (!d) {
        d = { eventSource: row.eventSource, eventName: row.eventName, totals: new ScopedTotals() };
        f.dataTypes.set(nameKey, d);
      }
      d.totals.add(scope, row.count, delivery);
      if (row.readOnly === true) {
        let r = f.readOnlyData.get(row.eventSource);
        if (!r) {
          r = new ScopedTotals();
          f.readOnlyData.set(row.eventSource, r);
        }
        r.add(scope, row.count, delivery);
      }
    }
  }

  /** The report: event types by cost, categories, accounts, the Insights estimate and advice. */
  report(): CostReport {
    const types = [...this.#types.values()];
    const total = types.reduce((sum, t) => sum + t.delivery + t.insights, 0);
    const share = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0);
    return {
      events: this.#events,
      totalCostUsd: roundUsd(total),
      byEventType: types
        .map((t) => ({
          eventSource: t.eventSource,
          eventName: t.eventName,
          eventCategory: t.eventCategory,
          count: t.count,
          share: share(t.count, this.#events),
          costUsd: roundUsd(t.delivery + t.insights),
          costShare: share(t.delivery + t.insights, total),
          deliveryCostUsd: roundUsd(t.delivery),
          insightsCostUsd: roundUsd(t.insights),
        }))
        .sort(
          (a, b) =>
            b.costUsd - a.costUsd ||
            b.count - a.count ||
            `${a.eventSource} ${a.eventName} ${a.eventCategory}`.localeCompare(
              `${b.eventSource} ${b.eventName} ${b.eventCategory}`
            )
        ),
      advice: advise(this.#facts, this.prices, this.adviceOptions),
      schemaVersion: COST_REPORT_SCHEMA_VERSION,
      period: this.period,
      files: this.#files,
      bytes: { ...this.#bytes },
      byCategory: [...this.#categories]
        .map(([eventCategory, c]) => ({ eventCategory, count: c.count, costUsd: roundUsd(c.cost) }))
        .sort((a, b) => b.costUsd - a.costUsd || b.count - a.count || a.eventCategory.localeCompare(b.eventCategory)),
      copies: { ...this.#copies },
      byAccount: [...this.#accounts]
        .map(([account, a]) => ({ account, events: a.events, costUsd: roundUsd(a.cost) }))
        .sort((a, b) => b.costUsd - a.costUsd || b.events - a.events || a.account.localeCompare(b.account))
        .slice(0, TOP_ACCOUNTS),
      accounts: this.#accounts.size,
      insightsEstimate: {
        analysedEvents: this.#analysed,
        costUsd: roundUsd((this.#analysed * this.prices.insightsManagementPer100k) / 100_000),
      },
      prices: { ...this.prices },
    };
  }
}
