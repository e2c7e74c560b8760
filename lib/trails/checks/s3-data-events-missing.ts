import { accountWhere, fail, notEvaluated, UNKNOWN_STATE } from './helpers.js';
import type { AccountCheck } from './types.js';

/** Some trail that is not known to be stopped records S3 object-level writes of every bucket. */
export const check: AccountCheck<'s3-data-events-missing'> = {
  id: 's3-data-events-missing',
  severity: 'info',
  title: 'No trail records S3 object-level events for all buckets',
  controls: ['prowler:cloudtrail_s3_dataevents_write_enabled', 'prowler:cloudtrail_s3_dataevents_read_enabled'],
  evaluate: ({ snapshot, trails }) => {
    if (trails.length === 0) return [];
    const recording = trails.filter((t) => t.logging !== false);
    if (recording.some((t) => t.data?.s3AllWrite)) return [];
    const where = accountWhere(snapshot, trails);
    if (recording.some((t) => t.data === null)) {
      return [notEvaluated(check, where, 'cloudtrail:GetEventSelectors', UNKNOWN_STATE)];
    }
    return [
      fail(check, {
        ...where,
        evidence: {
          s3AllRead: recording.some((t) => t.data?.s3AllRead),
          s3AllWrite: false,
        },
        remediation:
          'aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors \'[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]}]}]\'   # data events cost $0.10 per 100,000',
      }),
    ];
  },
};
