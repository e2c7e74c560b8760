/** Whether a trail's management events are the free first copy in a region or a paid extra one. */
export type Copy = 'first' | 'additional';

/** The two kinds of CloudTrail Insights. */
export type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';

/**
 * Prices in USD. Defaults are CloudTrail's public prices (see DEFAULT_PRICES); every field can
 * be overridden from configuration. Rates are per 100,000 events unless the name says otherwise.
 */
export type PriceTable = {
  /** Management events delivered by the first trail logging them in a region (free). */
  managementFirstCopyPer100k: number;
  /** Management events delivered by every further trail. */
  managementAdditionalCopyPer100k: number;
  /** Data events, every copy including the first. */
  dataPer100k: number;
  /** Network activity events, every copy. */
  networkActivityPer100k: number;
  /** Insights on management events, per event analysed and per Insights type. */
  insightsManagementPer100k: number;
  /** Insights on data events, per event analysed and per Insights type. */
  insightsDataPer100k: number;
  /** CloudTrail Lake ingestion (one-year extendable retention), per GiB ingested. */
  lakeIngestionPerGb: number;
  /** KMS API requests (for the S3 Bucket Keys advice), per 10,000 requests. */
  kmsRequestsPer10k: number;
};

/** Which trail, account and region a count belongs to: what the copy decision depends on. */
export type TrailScope = {
  /** Trail location: the log bucket, plus `/prefix` when the trail writes under a key prefix. */
  trail: string;
  account: string;
  region: string;
};

/** How one trail is billed in one account and region. */
export type TrailPricing = {
  copy: Copy;
  /** Insights types enabled on management events (each type bills the events it analyses). */
  insightTypes: readonly InsightType[];
  /** Insights types enabled on data events. */
  dataInsightTypes: readonly InsightType[];
};

/** Decides the pricing of a trail in an account and region (the trail audit labels each copy; configuration otherwise). */
export type TrailPricingResolver = (scope: TrailScope) => TrailPricing;

/**
 * A declarative copy plan, the shape configuration takes. Precedence: `trail|account|region`,
 * then `account/region`, then `trail`, then the defaults.
 */
export type PricingPlan = {
  copy?: Copy;
  insightTypes?: InsightType[];
  dataInsightTypes?: InsightType[];
  /** Keyed by trail location (`bucket` or `bucket/prefix`). */
  trails?: Record<string, Partial<TrailPricing>>;
  /** Keyed by `account/region`. */
  accountRegions?: Record<string, Partial<TrailPricing>>;
  /** Keyed by `trail|account|region`, the most specific. */
  trailAccountRegions?: Record<string, Partial<TrailPricing>>;
};

/** Events of one type counted in a rollup. `hour` (eventTime hour) only in hourly rollups. */
export type RollupRow = {
  trail: string;
  account: string;
  region: string;
  hour?: string;
  eventCategory: string;
  eventSource: string;
  eventName: string;
  readOnly: boolean | null;
  count: number;
};

/** Failed calls of one type and error code in a rollup. */
export type RollupErrorRow = {
  trail: string;
  account: string;
  region: string;
  hour?: string;
  /** Category of the failed calls, taken from the same file's counts (`Management` when unknown). */
  eventCategory: string;
  eventSource: string;
  eventName: string;
  errorCode: string;
  count: number;
};

/** Volume facts per trail, account and region (Lake sizing needs bytes per event). */
export type RollupStats = {
  trail: string;
  account: string;
  region: string;
  files: number;
  damagedFiles: number;
  records: number;
  badRecords: number;
  bytesCompressed: number;
  bytesUncompressed: number;
};

/** Version of the rollup object shape; bump on an incompatible change. */
export const ROLLUP_SCHEMA_VERSION = 1;

/**
 * A fold of per-file summaries. Hourly rollups hold one account's files of one delivery hour
 * (and list the summary keys they folded); daily rollups fold an account's 24 hourly ones;
 * `local` is what the CLI folds from files on disk.
 */
export type Rollup = {
  schemaVersion: typeof ROLLUP_SCHEMA_VERSION;
  kind: 'hourly' | 'daily' | 'local';
  /** `YYYY-MM-DDTHH` (hourly, delivery hour), `YYYY-MM-DD` (daily) or a label (local). */
  period: string;
  account?: string;
  /** Summary keys folded, sorted (hourly only: how late files are told apart from known ones). */
  files: string[];
  rows: RollupRow[];
  errors: RollupErrorRow[];
  stats: RollupStats[];
};

/** One line of the report: an event type and what it costs. */
export type EventTypeCost = {
  eventSource: string;
  eventName: string;
  eventCategory: string;
  count: number;
  /** Share of all events in the report (0..1). */
  share: number;
  costUsd: number;
  /** Share of the total cost (0..1). */
  costShare: number;
  /** Delivery part of costUsd (copies of management, data and network events). */
  deliveryCostUsd: number;
  /** Insights-analysis part of costUsd (only where Insights is declared enabled). */
  insightsCostUsd: number;
};

/** The advice rules (docs/cost.md describes each). */
export const ADVICE_IDS = [
  'exclude-kms-events',
  'exclude-rds-data-api-events',
  's3-bucket-keys',
  'log-only-write-data-events',
  'exclude-noisy-data-event',
  'move-additional-copies-to-lake',
] as const;
/** One advice rule. */
export type AdviceId = (typeof ADVICE_IDS)[number];

/** A way to spend less, with what it would save over the report's period. */
export type Advice = {
  id: AdviceId;
  title: string;
  /** Estimated saving over the report's period, USD. Alternatives may overlap: do not add them up. */
  savingsUsd: number;
  /** Events the advice is about. */
  events: number;
  detail: string;
  /** An advanced event selector (CloudTrail PutEventSelectors shape) that applies it, where one does. */
  selector?: AdvancedEventSelector;
  /** Where most of the saving is (top 5). */
  top: Array<{ trail: string; account: string; region: string; savingsUsd: number }>;
};

/** The shape of one CloudTrail advanced event selector. */
export type AdvancedEventSelector = {
  Name: string;
  FieldSelectors: Array<{
    Field: string;
    Equals?: string[];
    NotEquals?: string[];
    StartsWith?: string[];
    NotStartsWith?: string[];
  }>;
};

/** Version of the cost report shape; fields are only added within a version. */
export const COST_REPORT_SCHEMA_VERSION = 1;

/** The cost report: per day from the rollups, or over local files from the CLI. */
export type CostReport = {
  events: number;
  totalCostUsd: number;
  /** Sorted by cost, then count, largest first. */
  byEventType: EventTypeCost[];
  /** Sorted by saving, largest first. */
  advice: Advice[];
  schemaVersion: typeof COST_REPORT_SCHEMA_VERSION;
  /** What the report covers: a day `YYYY-MM-DD`, or `local` for the CLI. */
  period: string;
  files: number;
  bytes: { compressed: number; uncompressed: number };
  byCategory: Array<{ eventCategory: string; count: number; costUsd: number }>;
  /** Management events by how their trail was priced. */
  copies: { first: number; additional: number };
  /** The 25 most expensive accounts. */
  byAccount: Array<{ account: string; events: number; costUsd: number }>;
  accounts: number;
  /** What enabling both Insights types on every trail here would cost (CloudTrail's counting rules). */
  insightsEstimate: { analysedEvents: number; costUsd: number };
  prices: PriceTable;
};
