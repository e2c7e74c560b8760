import { accountWhere, fail, notEvaluated, UNKNOWN_STATE } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Some logging trail that records writes includes global service events. */
export const check: AccountCheck<'global-service-events-missing'> = {
  id: 'global-service-events-missing',
  severity: 'high',
  title: 'No logging trail includes global service events (IAM, STS, CloudFront)',
  controls: [],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length === 0) return [];
    const withGlobal = trails.filter((t) => t.description.IncludeGlobalServiceEvents);
    if (withGlobal.some((t) => t.logging === true && t.management?.write === true)) return [];
    const where = accountWhere(snapshot, trails);
    if (withGlobal.some((t) => t.logging === null || t.management === null)) {
      return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus/GetEventSelectors', UNKNOWN_STATE)];
    }
    return [
      fail(check, {
        ...where,
        evidence: {
          trails: trails.map((t) => ({
            arn: t.arn,
            includeGlobalServiceEvents: Boolean(t.description.IncludeGlobalServiceEvents),
            logging: t.logging,
          })),
        },
        remediation: 'aws cloudtrail update-trail --name <trail> --include-global-service-events',
      }),
    ];
  },
};
