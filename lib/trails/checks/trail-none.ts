import { accountWhere, CREATE_TRAIL, fail, notEvaluated } from './helpers.js';
import type { AccountCheck } from './types.js';

/** No trail at all; not evaluated when DescribeTrails failed in every region. */
export const check: AccountCheck<'trail-none'> = {
  id: 'trail-none',
  severity: 'high',
  title: 'No CloudTrail trail exists',
  controls: ['CloudTrail.3', 'CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled'],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length > 0) return [];
    const where = accountWhere(snapshot, trails);
    const listed = Object.entries(snapshot.describeTrails);
    const failedRegions = listed.filter(([, o]) => o.status !== 'ok').map(([region]) => region);
    const firstFailure = listed.find(([, o]) => o.status !== 'ok')?.[1];
    if (failedRegions.length === listed.length && firstFailure) {
      return [notEvaluated(check, where, 'cloudtrail:DescribeTrails', firstFailure)];
    }
    return [
      fail(check, {
        ...where,
        evidence: { regionsAsked: snapshot.regions, regionsNotRead: failedRegions },
        remediation: `${CREATE_TRAIL}   # or: osls deploy --param createTrail=true`,
      }),
    ];
  },
};
