import type { CopyLabel, TrailFinding } from '../model/trails.js';
import { TRAIL_CHECKS } from './checks/index.js';
import type { TrailFacts } from './trail-facts.js';
import type { UsageIndex } from './usage-from-summaries.js';

/**
 * The per-trail checks of lib/trails/checks/: status (logging, errors, delivery age), validation,
 * KMS, CloudWatch Logs, Insights, paid management-event copies and unscoped data events.
 * @param trail - one trail of the snapshot
 * @param labels - the copy labels of the snapshot
 * @param usage - the usage index when per-file summaries were given
 * @param now - the snapshot time
 * @returns the trail's findings
 */
export const checkTrail = (
  trail: TrailFacts,
  labels: readonly CopyLabel[],
  usage: UsageIndex | undefined,
  now: Date
): TrailFinding[] => TRAIL_CHECKS.flatMap((check) => check.evaluate({ trail, labels, usage, now }));
