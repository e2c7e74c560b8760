import type { TrailSnapshot } from '../../model/trails.js';
import type { TrailFacts } from '../trail-facts.js';
import { accountWhere, CREATE_TRAIL, fail, notEvaluated } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Regions where neither reads nor writes are known to be recorded, and regions we cannot tell. */
const coverage = (snapshot: TrailSnapshot, trails: readonly TrailFacts[]) => {
  const gaps: Array<{ region: string; missing: string[] }> = [];
  const unknown: string[] = [];
  for (const region of snapshot.regions) {
    const here = trails.filter((t) => t.regions.includes(region));
    const known = here.filter((t) => t.logging === true && t.management);
    const read = known.some((t) => t.management?.read);
    const write = known.some((t) => t.management?.write);
    if (read && write) continue;
    const unsure =
      snapshot.describeTrails[region]?.status !== 'ok' || here.some((t) => t.logging === null || t.management === null);
    if (unsure) unknown.push(region);
    else gaps.push({ region, missing: [...(read ? [] : ['read']), ...(write ? [] : ['write'])] });
  }
  return { gaps, unknown };
};

/** Every audited region has a logging trail that records read and write management events. */
export const check: AccountCheck<'management-events-region-gap'> = {
  id: 'management-events-region-gap',
  severity: 'high',
  title: 'Regions where no logging trail records read and write management events',
  controls: ['CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled_logging_management_events'],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length === 0) return [];
    const where = accountWhere(snapshot, trails);
    const { gaps, unknown } = coverage(snapshot, trails);
    if (gaps.length > 0) {
      return [
        fail(check, {
          ...where,
          title: `${gaps.length} region(s) where no logging trail records read and write management events`,
          evidence: { gaps, regionsNotDetermined: unknown },
          remediation: CREATE_TRAIL,
        }),
      ];
    }
    if (unknown.length === 0) return [];
    const failed = Object.entries(snapshot.describeTrails).find(
      ([region, o]) => unknown.includes(region) && o.status !== 'ok'
    )?.[1];
    return [
      notEvaluated(
        check,
        where,
        failed ? 'cloudtrail:DescribeTrails' : 'cloudtrail:GetTrailStatus/GetEventSelectors',
        failed ?? { status: 'error', code: 'Unknown', message: `trail state unknown in ${unknown.join(', ')}` }
      ),
    ];
  },
};
