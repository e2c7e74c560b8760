import type { Severity } from '../../model/alert.js';
import type { BucketCalls, CopyLabel, TrailFinding, TrailSnapshot } from '../../model/trails.js';
import type { TrailFacts } from '../trail-facts.js';
import type { UsageIndex } from '../usage-from-summaries.js';

/** What the catalogue says of a check: id, default severity, title and the controls it corresponds to. */
export type CheckMeta<Id extends string = string> = {
  id: Id;
  severity: Severity;
  title: string;
  controls: readonly string[];
};

/** What an account-wide check sees. */
export type AccountContext = {
  snapshot: TrailSnapshot;
  trails: readonly TrailFacts[];
  /** The buckets trailwatch is configured to read. */
  watchedBuckets: readonly string[];
};

/** What a per-trail check sees. */
export type TrailContext = {
  trail: TrailFacts;
  /** The copy labels of the snapshot. */
  labels: readonly CopyLabel[];
  /** The usage index when per-file summaries were given. */
  usage: UsageIndex | undefined;
  /** The snapshot time. */
  now: Date;
};

/** What a per-bucket check sees. */
export type BucketContext = {
  bucket: string;
  /** Every per-bucket call outcome; a call not read is `skipped`. */
  calls: BucketCalls;
  /** The trails that write to the bucket. */
  trails: readonly TrailFacts[];
  /** The usage index, for the KMS request cost. */
  usage: UsageIndex | undefined;
};

/** A check made once per audit. */
export type AccountCheck<Id extends string = string> = CheckMeta<Id> & {
  evaluate: (ctx: AccountContext) => TrailFinding[];
};

/** A check made once per trail. */
export type TrailCheck<Id extends string = string> = CheckMeta<Id> & {
  evaluate: (ctx: TrailContext) => TrailFinding[];
};

/** A check made once per trail bucket. */
export type BucketCheck<Id extends string = string> = CheckMeta<Id> & {
  /** When it fails, the bucket's other checks are not made. */
  exclusive?: boolean;
  evaluate: (ctx: BucketContext) => TrailFinding[];
};
