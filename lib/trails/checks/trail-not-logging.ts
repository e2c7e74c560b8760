import { fail, nameOf, notEvaluated, statusOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** GetTrailStatus says the trail is logging. */
export const check: TrailCheck<'trail-not-logging'> = {
  id: 'trail-not-logging',
  severity: 'high',
  title: 'Trail is not logging',
  controls: ['CloudTrail.1', 'CloudTrail.3'],
  evaluate: ({ trail }) => {
    const where = trailWhere(trail);
    const outcome = statusOf(trail);
    if (outcome.status !== 'ok') return [notEvaluated(check, where, 'cloudtrail:GetTrailStatus', outcome)];
    const status = outcome.value;
    if (status.IsLogging === true) return [];
    return [
      fail(check, {
        ...where,
        title: `Trail ${trail.name} is not logging`,
        evidence: { IsLogging: status.IsLogging ?? null, StopLoggingTime: status.StopLoggingTime ?? null },
        remediation: `aws cloudtrail start-logging ${nameOf(trail)}`,
      }),
    ];
  },
};
