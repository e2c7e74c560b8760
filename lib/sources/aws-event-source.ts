import { ForgedEventError } from '../model/errors.js';

/** What every event an AWS service puts on EventBridge has for `source`: `aws.` and the service. */
export const AWS_SOURCE_PREFIX = 'aws.';

/**
 * The `source` of an EventBridge event that must come from an AWS service (CloudTrail records,
 * schedules, S3 notifications). AWS services send `aws.<service>`; PutEvents refuses that prefix
 * to every caller, so any other source was put on the bus by a principal, not by AWS
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
 * @param event - the EventBridge event (its `detail-type` is only named in the error)
 * @returns the source, e.g. `aws.cloudtrail`
 * @throws ForgedEventError when `source` is missing, not a string, or does not start with `aws.`
 * @example
 * awsSourceOf({ source: 'aws.cloudtrail', 'detail-type': 'AWS API Call via CloudTrail' }) // 'aws.cloudtrail'
 * awsSourceOf({ source: 'my.app', 'detail-type': 'AWS API Call via CloudTrail' }) // throws ForgedEventError
 */
export const awsSourceOf = (event: { source?: unknown; 'detail-type'?: unknown }): string => {
  const { source } = event;
  if (
    typeof source !== 'string' ||
    !source.startsWith(AWS_SOURCE_PREFIX) ||
    source.length === AWS_SOURCE_PREFIX.length
  ) {
    throw new ForgedEventError(source, event['detail-type']);
  }
  return source;
};
