import type { Severity } from '../../../model/alert.js';
import type { CloudTrailRecord } from '../../../model/record.js';
import type { RuleContext, RuleDefinition } from '../../types.js';
import { accountOf, params, principalArn, succeeded } from '../helpers.js';

/** SetQueueAttributes attributes whose change can stop delivery or lose messages before ingest reads them. */
const DELIVERY_ATTRIBUTES = ['Policy', 'RedrivePolicy', 'MessageRetentionPeriod', 'KmsMasterKeyId'];

type QueueId = { account?: string; name: string };

/** A queue named by URL (any SQS endpoint form), ARN or bare name, as account and name. */
const queueIdOf = (text: string): QueueId | undefined => {
  const arn = /^arn:[^:]+:sqs:[^:]*:(\d{12}):([\w.-]+)$/.exec(text);
  if (arn) return { account: arn[1] as string, name: arn[2] as string };
  const url = /^https?:\/\/[^/]+\/(\d{12})\/([\w.-]+)\/?$/.exec(text);
  if (url) return { account: url[1] as string, name: url[2] as string };
  return /^[\w.-]+$/.test(text) ? { name: text } : undefined;
};

const sameQueue = (a: QueueId, b: QueueId): boolean =>
  a.name === b.name && (a.account === undefined || b.account === undefined || a.account === b.account);

const bucketOf = (r: CloudTrailRecord): string | undefined => {
  const bucket = params(r).bucketName;
  return typeof bucket === 'string' && bucket !== '' ? bucket : undefined;
};

const queueOf = (r: CloudTrailRecord): QueueId | undefined => {
  const url = params(r).queueUrl;
  return typeof url === 'string' ? queueIdOf(url) : undefined;
};

const changesDelivery = (r: CloudTrailRecord): boolean => {
  if (r.eventName !== 'SetQueueAttributes') return true;
  const attributes = params(r).attributes;
  return (
    typeof attributes === 'object' &&
    attributes !== null &&
    DELIVERY_ATTRIBUTES.some((name) => Object.hasOwn(attributes, name))
  );
};

/**
 * Critical on a bucket or queue the deployment reads; low on another one when the deployment
 * names its own (then the call is ordinary infrastructure work); medium when it does not.
 */
const judge = (watched: boolean | undefined): Severity =>
  watched === undefined ? 'medium' : watched ? 'critical' : 'low';

const severityFor = (r: CloudTrailRecord, context: RuleContext): Severity => {
  if (r.eventSource === 's3.amazonaws.com') {
    if (context.watchedBuckets.length === 0) return judge(undefined);
    const bucket = bucketOf(r);
    return judge(bucket !== undefined && context.watchedBuckets.includes(bucket));
  }
  const watched = context.watchedQueues.flatMap((q) => queueIdOf(q) ?? []);
  if (watched.length === 0) return judge(undefined);
  const queue = queueOf(r);
  return judge(queue !== undefined && watched.some((w) => sameQueue(w, queue)));
};

/**
 * trailwatch's own trigger tampered with: what announces each new CloudTrail log file (the
 * trail bucket's event notifications, the bucket itself, the queue ingest and verify read) was
 * changed or removed, so log files land unread and no rule ever sees them.
 */
export const rule: RuleDefinition = {
  id: 'trailwatch-trigger-tampered',
  title: "trailwatch's log trigger changed or removed",
  description:
    "A bucket's event notifications were replaced or removed, a bucket deleted, or a queue deleted, purged, or its access policy, redrive, retention or encryption changed: if it is the trail bucket or the queue trailwatch reads, new log files are no longer analysed. Critical on the deployment's own bucket or queue (TRAIL_BUCKET(S), INGEST_QUEUE_URL, DIGEST_QUEUE_URL), low on others, medium when those are not configured.",
  severity: 'medium',
  severityFor,
  tags: ['attack.defense-evasion', 'attack.t1562.001', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_RemovePermission.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-logging-using-cloudtrail.html',
  ],
  eventSource: ['s3.amazonaws.com', 'sqs.amazonaws.com'],
  eventNames: [
    'PutBucketNotification',
    'PutBucketNotificationConfiguration',
    'DeleteBucket',
    'DeleteQueue',
    'PurgeQueue',
    'SetQueueAttributes',
    'AddPermission',
    'RemovePermission',
  ],
  match: (r) =>
    succeeded(r) &&
    (r.eventSource === 's3.amazonaws.com' ? bucketOf(r) !== undefined : queueOf(r) !== undefined && changesDelivery(r)),
  dedup: (r) => {
    const queue = queueOf(r);
    const target = bucketOf(r) ?? (queue ? `${queue.account ?? ''}/${queue.name}` : '');
    return `${accountOf(r) ?? ''}|${principalArn(r) ?? ''}|${target}`;
  },
};
