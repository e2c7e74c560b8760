import { PRICES } from '../constants.js';
import { toCents } from '../usage-from-summaries.js';
import { fail, notEvaluated, selectorsOf, trailWhere } from './helpers.js';
import type { TrailCheck } from './types.js';

/** No basic data-event selector logs every S3 object or every Lambda function. */
export const check: TrailCheck<'data-events-unscoped'> = {
  id: 'data-events-unscoped',
  severity: 'low',
  title: 'Basic data-event selectors log every S3 object or Lambda function',
  controls: [],
  evaluate: ({ trail, usage }) => {
    const where = trailWhere(trail);
    const selectors = selectorsOf(trail);
    if (selectors.status !== 'ok') return [notEvaluated(check, where, 'cloudtrail:GetEventSelectors', selectors)];
    if (!trail.data || trail.data.unscopedBasic.length === 0) return [];
    const data = usage?.byTrail[trail.arn]?.data;
    const scale = usage?.monthScale ?? 1;
    const monthly = data ? toCents((data.read + data.write) * scale * PRICES.dataEventPerEvent) : null;
    const readSaving = data ? toCents(data.read * scale * PRICES.dataEventPerEvent) : null;
    return [
      fail(check, {
        ...where,
        title: `Trail ${trail.name} logs every ${trail.data.unscopedBasic.join(' and ')} with basic selectors`,
        evidence: {
          unscoped: trail.data.unscopedBasic,
          monthlyDataEvents: data ? Math.round((data.read + data.write) * scale) : null,
          monthlyReadDataEvents: data ? Math.round(data.read * scale) : null,
          monthlySavingWriteOnlyUsd: readSaving,
          window: usage ? { from: usage.from, to: usage.to, coveredDays: usage.coveredDays } : null,
        },
        remediation: `aws cloudtrail put-event-selectors --trail-name ${trail.arn} --region ${trail.homeRegion} --advanced-event-selectors '[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 writes outside the trail bucket","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]},{"Field":"resources.ARN","NotStartsWith":["arn:aws:s3:::${trail.description.S3BucketName ?? '<trail-bucket>'}/"]}]}]'`,
        monthlyCostUsd: monthly,
      }),
    ];
  },
};
