import type { Severity } from '../../../model/alert.js';
import type { CloudTrailRecord } from '../../../model/record.js';
import type { RuleContext, RuleDefinition } from '../../types.js';
import { accountOf, params, principalArn, response, succeeded } from '../helpers.js';

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

type EventRuleId = { name: string; bus: string };

/** `default` for the default bus however a call names it (absent, `default`, its ARN). */
const busName = (bus: unknown): string =>
  typeof bus === 'string' && bus !== '' ? bus.slice(bus.lastIndexOf('/') + 1) : 'default';

/**
 * The EventBridge rule a call changes: `name` (DeleteRule, DisableRule, PutRule) or `rule`
 * (RemoveTargets) on `eventBusName` (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html).
 */
const eventRuleOf = (r: CloudTrailRecord): EventRuleId | undefined => {
  const p = params(r);
  const name = r.eventName === 'RemoveTargets' ? p.rule : p.name;
  return typeof name === 'string' && name !== '' ? { name, bus: busName(p.eventBusName) } : undefined;
};

/** A watched entry (name, rule ARN, or prefix ending in `*`) names this rule on the default bus. */
const namesEventRule = (entry: string, rule: EventRuleId): boolean => {
  if (rule.bus !== 'default') return false;
  const name = /^arn:[^:]+:events:[^:]*:\d{12}:rule\/(?:default\/)?([\w.-]+)$/.exec(entry)?.[1] ?? entry;
  return name.endsWith('*') ? rule.name.startsWith(name.slice(0, -1)) : rule.name === name;
};

/**
 * Whether an EventBridge call stops a rule delivering: deleted, disabled (DisableRule, or PutRule
 * with `state: DISABLED`), or targets removed (unless every removal failed).
 */
const stopsEventRule = (r: CloudTrailRecord): boolean => {
  if (r.eventName === 'PutRule') return params(r).state === 'DISABLED';
  if (r.eventName === 'RemoveTargets') {
    const ids = params(r).ids;
    const failed = response(r).failedEntryCount;
    return !(Array.isArray(ids) && typeof failed === 'number' && failed >= ids.length);
  }
  return true;
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
  if (r.eventSource === 'events.amazonaws.com') {
    if (context.watchedEventRules.length === 0) return judge(undefined);
    const rule = eventRuleOf(r);
    return judge(rule !== undefined && context.watchedEventRules.some((entry) => namesEventRule(entry, rule)));
  }
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
 * trail bucket's event notifications, the bucket itself, the queue ingest and verify read, the
 * EventBridge rules that feed ingest and realtime) was changed or removed, so log files and
 * events land unread and no rule ever sees them.
 */
export const rule: RuleDefinition = {
  id: 'trailwatch-trigger-tampered',
  title: "trailwatch's log trigger changed or removed",
  description:
    "A bucket's event notifications were replaced or removed, a bucket deleted, a queue deleted, purged, or its access policy, redrive, retention or encryption changed, or an EventBridge rule deleted, disabled or stripped of targets: if it is the trail bucket, the queue or a rule trailwatch reads, new log files or events are no longer analysed. Critical on the deployment's own bucket, queue or rule (TRAIL_BUCKET(S), INGEST_QUEUE_URL, DIGEST_QUEUE_URL, TRAILWATCH_EVENT_RULES), low on others, medium when those are not configured.",
  severity: 'medium',
  severityFor,
  tags: ['attack.defense-evasion', 'attack.t1562.001', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_RemovePermission.html',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-logging-using-cloudtrail.html',
    'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html',
    'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html',
    'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemoveTargets.html',
    'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
  ],
  eventSource: ['s3.amazonaws.com', 'sqs.amazonaws.com', 'events.amazonaws.com'],
  eventNames: [
    'PutBucketNotification',
    'PutBucketNotificationConfiguration',
    'DeleteBucket',
    'DeleteQueue',
    'PurgeQueue',
    'SetQueueAttributes',
    'AddPermission',
    'RemovePermission',
    'DeleteRule',
    'DisableRule',
    'RemoveTargets',
    'PutRule',
  ],
  match: (r) => {
    if (!succeeded(r)) return false;
    if (r.eventSource === 's3.amazonaws.com') return bucketOf(r) !== undefined;
    if (r.eventSource === 'events.amazonaws.com') return eventRuleOf(r) !== undefined && stopsEventRule(r);
    return queueOf(r) !== undefined && changesDelivery(r);
  },
  dedup: (r) => {
    if (r.eventSource === 'events.amazonaws.com') {
      const rule = eventRuleOf(r);
      return `${accountOf(r) ?? ''}|${principalArn(r) ?? ''}|rule:${rule?.bus ?? ''}/${rule?.name ?? ''}`;
    }
    const queue = queueOf(r);
    const target = bucketOf(r) ?? (queue ? `${queue.account ?? ''}/${queue.name}` : '');
    return `${accountOf(r) ?? ''}|${principalArn(r) ?? ''}|${target}`;
  },
};
