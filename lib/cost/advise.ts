import { ADVICE_DEFAULTS, BYTES_PER_GB, DATA_RESOURCE_TYPES, KMS_SOURCE, RDS_DATA_SOURCE } from './constants.js';
import type { CostFacts, ScopedAmount, ScopedTotals } from './cost-facts.js';
import { roundUsd } from './estimate-cost.js';
import type { AdvancedEventSelector, Advice, PriceTable } from './types.js';

/** Thresholds of the advice rules (defaults: ADVICE_DEFAULTS). */
export type AdviceOptions = typeof ADVICE_DEFAULTS;

/** Bytes per event when a scope has no volume facts (a typical uncompressed CloudTrail record). */
const FALLBACK_BYTES_PER_EVENT = 1500;

const usd = (value: number): string =>
  value >= 0.01 || value === 0 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

const topOf = (scopes: ScopedAmount[], savingOf: (s: ScopedAmount) => number): Advice['top'] =>
  scopes
    .map((s) => ({ trail: s.trail, account: s.account, region: s.region, savingsUsd: roundUsd(savingOf(s)) }))
    .filter((s) => s.savingsUsd > 0)
    .sort(
      (a, b) =>
        b.savingsUsd - a.savingsUsd ||
        `${a.trail}|${a.account}|${a.region}`.localeCompare(`${b.trail}|${b.account}|${b.region}`)
    )
    .slice(0, 5);

const managementWithout = (source: string, label: string): AdvancedEventSelector => ({
  Name: `Management events without ${label}`,
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Management'] },
    { Field: 'eventSource', NotEquals: [source] },
  ],
});

const dataSelector = (
  source: string,
  name: string,
  extra: AdvancedEventSelector['FieldSelectors'][number]
): AdvancedEventSelector => {
  const type = DATA_RESOURCE_TYPES[source];
  return {
    Name: name,
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      ...(type ? [{ Field: 'resources.type', Equals: [type] }] : []),
      extra,
    ],
  };
};

const exclusion = (id: Advice['id'], totals: ScopedTotals, source: string, label: string, console: string): Advice[] =>
  totals.costUsd <= 0
    ? []
    : [
        {
          id,
          title: `Exclude ${label} events from additional trail copies`,
          savingsUsd: roundUsd(totals.costUsd),
          events: totals.events,
          detail:
            `${totals.events} ${label} management events reached trails priced as additional copies, at ${usd(totals.costUsd)}. ` +
            `Excluding them there (console: "${console}"; advanced event selector eventSource ≠ ${source}) saves that amount; ` +
            'the first copy keeps logging them for free.',
          selector: managementWithout(source, label),
          top: topOf(totals.scopes(), (s) => s.costUsd),
        },
      ];

/**
 * Turns a report's facts into advice, each with the dollars it would save over the report's
 * period. Rules: exclude KMS and RDS Data API events from additional copies; S3 Bucket Keys when
 * KMS Decrypt/GenerateDataKey dominate the management events; advanced event selectors for the
 * costliest data-event types (write-only, or excluding one event name); moving additional copies
 * of management events to CloudTrail Lake. Advice overlaps (the same KMS events appear in three
 * rules), so savings must not be added up.
 *
 * @returns advice with a positive saving, largest first
 */
export const advise = (facts: CostFacts, prices: PriceTable, options: AdviceOptions = ADVICE_DEFAULTS): Advice[] => {
  const out: Advice[] = [
    ...exclusion('exclude-kms-events', facts.kmsAdditional, KMS_SOURCE, 'AWS KMS', 'Exclude AWS KMS events'),
    ...exclusion(
      'exclude-rds-data-api-events',
      facts.rdsDataAdditional,
      RDS_DATA_SOURCE,
      'Amazon RDS Data API',
      'Exclude Amazon RDS Data API events'
    ),
  ];

  const kms = facts.kmsBucketKeyCalls;
  const kmsShare = facts.managementEvents > 0 ? kms.events / facts.managementEvents : 0;
  if (kms.events > 0 && kmsShare >= options.kmsDominanceShare) {
    const saving = (s: { events: number; costUsd: number }) =>
      options.bucketKeyReduction * (s.costUsd + (s.events * prices.kmsRequestsPer10k) / 10_000);
    const requests = (kms.events * prices.kmsRequestsPer10k) / 10_000;
    out.push({
      id: 's3-bucket-keys',
      title: 'Turn on S3 Bucket Keys for SSE-KMS buckets',
      savingsUsd: roundUsd(saving(kms)),
      events: kms.events,
      detail:
        `KMS Decrypt/GenerateDataKey calls are ${kms.events} of ${facts.managementEvents} management events (${pct(kmsShare)}). ` +
        `Where they come from S3 objects encrypted with SSE-KMS (userIdentity.invokedBy s3.amazonaws.com, encryptionContext aws:s3:arn), ` +
        `S3 Bucket Keys cut these calls by up to ${pct(options.bucketKeyReduction)}: up to ${usd(saving(kms))} ` +
        `(${usd(options.bucketKeyReduction * kms.costUsd)} CloudTrail delivery on additional copies, ${usd(options.bucketKeyReduction * requests)} KMS requests).`,
      top: topOf(kms.scopes(), saving),
    });
  }

  if (facts.dataCostUsd > 0) {
    for (const [source, totals] of [...facts.readOnlyData].sort((a, b) => b[1].costUsd - a[1].costUsd)) {
      if (totals.costUsd < options.noisyDataShare * facts.dataCostUsd) continue;
      out.push({
        id: 'log-only-write-data-events',
        title: `Log only write data events of ${source}`,
        savingsUsd: roundUsd(totals.costUsd),
        events: totals.events,
        detail:
          `${totals.events} read-only ${source} data events cost ${usd(totals.costUsd)} (${pct(totals.costUsd / facts.dataCostUsd)} of data-event cost). ` +
          'An advanced event selector with readOnly = false keeps the writes (PutObject, DeleteObject…) that investigations need most.',
        selector: dataSelector(source, `Write-only data events of ${source}`, { Field: 'readOnly', Equals: ['false'] }),
        top: topOf(totals.scopes(), (s) => s.costUsd),
      });
    }
    const noisy = [...facts.dataTypes.values()]
      .sort((a, b) => b.totals.costUsd - a.totals.costUsd)
      .slice(0, options.noisyDataTypes);
    for (const t of noisy) {
      const share = t.totals.costUsd / facts.dataCostUsd;
      if (share < options.noisyDataShare) continue;
      out.push({
        id: 'exclude-noisy-data-event',
        title: `Stop logging ${t.eventSource} ${t.eventName} data events`,
        savingsUsd: roundUsd(t.totals.costUsd),
        events: t.totals.events,
        detail:
          `${t.totals.events} ${t.eventName} events are ${pct(share)} of data-event cost (${usd(t.totals.costUsd)}). ` +
          `An advanced event selector with eventName ≠ ${t.eventName} drops them; or log only the names you need ` +
          `(for S3, e.g. eventName = DeleteObject).`,
        selector: dataSelector(t.eventSource, `Data events of ${t.eventSource} without ${t.eventName}`, {
          Field: 'eventName',
          NotEquals: [t.eventName],
        }),
        top: topOf(t.totals.scopes(), (s) => s.costUsd),
      });
    }
  }

  const extra = facts.additionalManagement;
  if (extra.costUsd > 0) {
    let overall = { records: 0, bytes: 0 };
    for (const v of facts.volume.values())
      overall = { records: overall.records + v.records, bytes: overall.bytes + v.bytes };
    const fallback = overall.records > 0 ? overall.bytes / overall.records : FALLBACK_BYTES_PER_EVENT;
    const lakeCost = (s: ScopedAmount): number => {
      const v = facts.volume.get(`${s.trail}|${s.account}|${s.region}`);
      const perEvent = v && v.records > 0 ? v.bytes / v.records : fallback;
      return ((s.events * perEvent) / BYTES_PER_GB) * prices.lakeIngestionPerGb;
    };
    const scopes = extra.scopes();
    const saving = (s: ScopedAmount) => Math.max(0, s.costUsd - lakeCost(s));
    const total = scopes.reduce((sum, s) => sum + saving(s), 0);
    const lake = scopes.reduce((sum, s) => sum + lakeCost(s), 0);
    if (roundUsd(total) > 0) {
      out.push({
        id: 'move-additional-copies-to-lake',
        title: 'Move additional copies of management events to CloudTrail Lake',
        savingsUsd: roundUsd(total),
        events: extra.events,
        detail:
          `${extra.events} management events on additional copies cost ${usd(extra.costUsd)} as trail deliveries; ingesting the same ` +
          `events into a Lake event data store (one-year retention, ${usd(prices.lakeIngestionPerGb)}/GB uncompressed) would cost about ${usd(lake)}.`,
        top: topOf(scopes, saving),
      });
    }
  }

  return out
    .filter((a) => a.savingsUsd > 0)
    .sort((a, b) => b.savingsUsd - a.savingsUsd || a.id.localeCompare(b.id) || a.title.localeCompare(b.title));
};
