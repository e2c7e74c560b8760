import type { TrailFinding, TrailSnapshot } from '../model/trails.js';
import { ACCOUNT_CHECKS } from './checks/index.js';
import type { TrailFacts } from './trail-facts.js';

/**
 * The account-wide checks of lib/trails/checks/: is there a trail, does one record every region's
 * management events, global service events, S3 object-level events, who administers the
 * organization trail, and does trailwatch read a bucket some trail writes to.
 * @param snapshot - the configuration snapshot
 * @param trails - the trails derived from it
 * @param watchedBuckets - the buckets trailwatch is configured to read
 * @returns the account-wide findings
 */
export const checkAccount = (
  snapshot: TrailSnapshot,
  trails: readonly TrailFacts[],
  watchedBuckets: readonly string[]
): TrailFinding[] => ACCOUNT_CHECKS.flatMap((check) => check.evaluate({ snapshot, trails, watchedBuckets }));
