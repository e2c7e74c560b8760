import { accountWhere, fail, isFullTrail, notEvaluated, someStateUnknown, UNKNOWN_STATE } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Some logging multi-region trail records all read and write management events. */
export const check: AccountCheck<'multi-region-trail-missing'> = {
  id: 'multi-region-trail-missing',
  severity: 'medium',
  title: 'No logging multi-region trail records all read and write management events',
  controls: ['CloudTrail.1', 'prowler:cloudtrail_multi_region_enabled'],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length === 0 || trails.some(isFullTrail)) return [];
    const where = accountWhere(snapshot, trails);
    if (someStateUnknown(trails)) {
      return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus/GetEventSelectors', UNKNOWN_STATE)];
    }
    return [
      fail(check, {
        ...where,
        evidence: {
          trails: trails.map((t) => ({
            arn: t.arn,
            multiRegion: Boolean(t.description.IsMultiRegionTrail),
            logging: t.logging,
            management: t.management,
          })),
        },
        remediation:
          'aws cloudtrail update-trail --name <trail> --is-multi-region-trail && aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\' && aws cloudtrail start-logging --name <trail>',
      }),
    ];
  },
};
