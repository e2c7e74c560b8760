import { DEFAULT_REGIONS } from '../trails/constants.js';

/** What the scheduled trail audit looks at. */
export type AuditSettings = {
  /** `AUDIT_REGIONS`, comma-separated; the 17 regions every account has enabled when unset. */
  regions: readonly string[];
  /** `TRAIL_BUCKETS`, comma-separated: the trail buckets whose set-up is audited. */
  watchedBuckets: readonly string[];
};

const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Reads the audit settings; unset lists fall back to their defaults. */
export const loadAuditSettings = (env: NodeJS.ProcessEnv): AuditSettings => {
  const regions = listOf(env.AUDIT_REGIONS);
  return { regions: regions.length > 0 ? regions : DEFAULT_REGIONS, watchedBuckets: listOf(env.TRAIL_BUCKETS) };
};
