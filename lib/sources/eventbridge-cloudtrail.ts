import type { CloudTrailRecord } from '../model/record.js';
import { UnknownEventError } from '../model/errors.js';
import { awsSourceOf } from './aws-event-source.js';

/**
 * The detail-types under which EventBridge delivers CloudTrail records (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-aws-service-specific-topics.html). Both
 * spellings of the console sign-in type are accepted: the EventBridge guide writes `Signin`,
 * most published patterns `Sign In`.
 */
export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Signin via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Console Action via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Insight via CloudTrail',
  'AWS Network Activity Event via CloudTrail',
] as const;

const DETAIL_TYPES: ReadonlySet<string> = new Set(CLOUDTRAIL_DETAIL_TYPES);

/**
 * The CloudTrail record an EventBridge event carries in `detail`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 * CloudTrail delivers each record with the source of the service called (`aws.iam`, `aws.s3`…);
 * an event with a CloudTrail detail-type and any other source was put on the bus by someone with
 * `events:PutEvents`, and is refused before any rule sees it.
 * @param event - the Lambda event
 * @returns the record, as it would stand in the S3 log file
 * @throws UnknownEventError when the event is not a CloudTrail event of a known detail-type
 * @throws ForgedEventError when its `source` is not an AWS service's (`aws.*`)
 * @example
 * cloudTrailRecordOf({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.cloudtrail', detail: { eventName: 'StopLogging', … } })
 */
export const cloudTrailRecordOf = (event: unknown): CloudTrailRecord => {
  const e = event as { source?: unknown; 'detail-type'?: unknown; detail?: unknown } | null;
  const detailType = e?.['detail-type'];
  if (e === null || typeof detailType !== 'string' || !DETAIL_TYPES.has(detailType)) {
    throw new UnknownEventError(`not a CloudTrail event from EventBridge: detail-type ${JSON.stringify(detailType)}`);
  }
  awsSourceOf(e);
  const detail = e.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new UnknownEventError(`EventBridge '${detailType}' event has no detail record`);
  }
  return detail as CloudTrailRecord;
};
