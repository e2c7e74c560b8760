import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { CloudTrailRecord } from '../model/record.js';
import { TrailwatchError, TransientError } from '../model/errors.js';
import { type Log, silentLog } from '../model/log.js';
import { type Clock, type RateLimiter, rateLimiter, realClock } from './rate-limiter.js';

/*
 * Event history through LookupEvents: up to 90 days of management events, free, also in accounts
 * without a trail. https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * The record inside each event's `CloudTrailEvent` string is the record the log file holds, so the
 * rules and alert ids are the same as on the S3 path.
 */

/** The attributes LookupEvents can filter on (one per request). */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

/** The LookupEvents request fields the reader sets. */
export type LookupEventsRequest = {
  StartTime?: Date;
  EndTime?: Date;
  NextToken?: string;
  MaxResults?: number;
  LookupAttributes?: Array<{ AttributeKey: LookupAttributeKey; AttributeValue: string }>;
};

/** One LookupEvents response page (the fields the reader reads). */
export type LookupEventsPage = {
  Events?: Array<{
    EventId?: string;
    EventName?: string;
    EventTime?: Date | string | number;
    CloudTrailEvent?: string;
  }>;
  NextToken?: string;
};

/** Sends one LookupEvents request (lib/aws/lookup-events.ts wraps the SDK client). */
export type LookupPageFetcher = (request: LookupEventsRequest) => Promise<LookupEventsPage>;

/** Where a read stands: enough to go on from the next page after an interruption. */
export type LookupCheckpoint = {
  version: 1;
  /** The query it belongs to (region, window, attribute); another query must not resume it. */
  query: string;
  nextToken: string;
  pages: number;
  events: number;
  updatedAt: string;
};

/** Keeps the checkpoint between runs. */
export type CheckpointStore = {
  /** For messages: the file path. */
  readonly where: string;
  load(): Promise<LookupCheckpoint | undefined>;
  save(checkpoint: LookupCheckpoint): Promise<void>;
  clear(): Promise<void>;
};

/** After each page. */
export type LookupProgress = {
  region: string;
  pages: number;
  events: number;
  badEvents: number;
  throttled: number;
  /** eventTime of the oldest record so far (pages run newest first). */
  oldestEventTime?: string;
  resumed: boolean;
};

/** LookupEvents kept answering ThrottlingException after every backoff. */
export class LookupEventsThrottledError extends TransientError {
  readonly region: string;
  readonly attempts: number;
  constructor(region: string, attempts: number, options?: ErrorOptions) {
    super(`LookupEvents in ${region}: still throttled after ${attempts} attempts`, undefined, options);
    this.name = 'LookupEventsThrottledError';
    this.region = region;
    this.attempts = attempts;
  }
}

/** The checkpoint cannot be used: another query's, unreadable, or its token expired. */
export class LookupCheckpointError extends TrailwatchError {
  readonly where: string;
  constructor(where: string, detail: string, options?: ErrorOptions) {
    super(`checkpoint ${where}: ${detail}`, options);
    this.name = 'LookupCheckpointError';
    this.where = where;
  }
}

/**
 * A checkpoint kept in a JSON file, replaced atomically (write, then rename) after every page
 * and removed when the read completes.
 * @param path - the file
 */
export const fileCheckpointStore = (path: string): CheckpointStore => ({
  where: path,
  load: async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new LookupCheckpointError(path, 'cannot be read', { cause: error });
    }
    try {
      const checkpoint = JSON.parse(text) as LookupCheckpoint;
      if (checkpoint.version !== 1 || typeof checkpoint.nextToken !== 'string')
        throw new TypeError('not a version 1 checkpoint');
      return checkpoint;
    } catch (error) {
      throw new LookupCheckpointError(path, 'is not a trailwatch LookupEvents checkpoint; delete it to start over', {
        cause: error,
      });
    }
  },
  save: async (checkpoint) => {
    await writeFile(`${path}.tmp`, JSON.stringify(checkpoint));
    await rename(`${path}.tmp`, path);
  },
  clear: async () => {
    await rm(path, { force: true });
  },
});

/** What to read and how. */
export type ReadLookupEventsOptions = {
  fetchPage: LookupPageFetcher;
  region: string;
  /** With `region`, the rate-limit key (the limit is per account and region). */
  accountId?: string;
  startTime?: Date;
  endTime?: Date;
  /** LookupEvents takes at most one attribute, e.g. `{ key: 'EventSource', value: 'iam.amazonaws.com' }`. */
  lookupAttribute?: { key: LookupAttributeKey; value: string };
  /** Shared between readers of the same account so their requests add up (default: 2 per second). */
  limiter?: RateLimiter;
  checkpoint?: CheckpointStore;
  onProgress?: (progress: LookupProgress) => void;
  log?: Log;
  clock?: Clock;
  random?: () => number;
  /** Throttled attempts per page before giving up (default 8). */
  maxThrottleRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
};

const isThrottle = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException' || e.$metadata?.httpStatusCode === 429
  );
};

const queryOf = (o: ReadLookupEventsOptions): string =>
  JSON.stringify({
    region: o.region,
    accountId: o.accountId ?? null,
    startTime: o.startTime?.toISOString() ?? null,
    endTime: o.endTime?.toISOString() ?? null,
    attribute: o.lookupAttribute ?? null,
  });

/**
 * Reads Event history page by page and yields the record inside each event.
 *
 * Keeps to LookupEvents' 2 requests per second per account and region, backs off exponentially
 * (with jitter) on ThrottlingException, follows NextToken, reports progress after every page and,
 * with a checkpoint store, saves the next token after every page: an interrupted read resumes at
 * the page it was on (records of that page may come twice; alert ids are stable, so consumers
 * de-duplicate). An event whose `CloudTrailEvent` is missing or not JSON is counted, logged once
 * with its index, and skipped.
 * @param options - fetcher, region, window, checkpoint, progress
 * @returns the records, newest first
 * @throws LookupEventsThrottledError when throttling outlasts the retries
 * @throws LookupCheckpointError when the checkpoint belongs to another query or its token expired
 * @example
 * const client = lookupEventsClient('eu-west-1');
 * for await (const record of readLookupEvents({ fetchPage: lookupEventsPage(client), region: 'eu-west-1',
 *   startTime: new Date(Date.now() - 7 * 86_400_000), checkpoint: fileCheckpointStore('.lookup-eu-west-1.json') })) {
 *   detector.onRecord(viewOf(record, index++));
 * }
 */
export async function* readLookupEvents(options: ReadLookupEventsOptions): AsyncGenerator<CloudTrailRecord> {
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const limiter = options.limiter ?? rateLimiter(2, clock);
  const log = options.log ?? silentLog;
  const maxRetries = options.maxThrottleRetries ?? 8;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 20_000;
  const key = `${options.accountId ?? 'default'}/${options.region}`;
  const query = queryOf(options);

  const saved = await options.checkpoint?.load();
  if (saved && saved.query !== query) {
    throw new LookupCheckpointError(
      options.checkpoint?.where ?? 'checkpoint',
      `belongs to another query (${saved.query}); use the same region and window, or delete it to start over`
    );
  }
  const progress: LookupProgress = {
    region: options.region,
    pages: saved?.pages ?? 0,
    events: saved?.events ?? 0,
    badEvents: 0,
    throttled: 0,
    resumed: saved !== undefined,
  };
  let token: string | undefined = saved?.nextToken;
  let index = progress.events;
  do {
    const request: LookupEventsRequest = {
      MaxResults: 50,
      ...(options.startTime && { StartTime: options.startTime }),
      ...(options.endTime && { EndTime: options.endTime }),
      ...(options.lookupAttribute && {
        LookupAttributes: [
          { AttributeKey: options.lookupAttribute.key, AttributeValue: options.lookupAttribute.value },
        ],
      }),
      ...(token && { NextToken: token }),
    };
    let page: LookupEventsPage | undefined;
    for (let attempt = 0; page === undefined; attempt++) {
      await limiter.take(key);
      try {
        page = await options.fetchPage(request);
      } catch (error) {
        if ((error as { name?: string }).name === 'InvalidNextTokenException' && token === saved?.nextToken && saved) {
          throw new LookupCheckpointError(
            options.checkpoint?.where ?? 'checkpoint',
            'its NextToken is no longer valid; delete it to start over',
            {
              cause: error,
            }
          );
        }
        if (!isThrottle(error)) throw error;
        progress.throttled += 1;
        if (attempt + 1 >= maxRetries)
          throw new LookupEventsThrottledError(options.region, attempt + 1, { cause: error });
        const ceiling = Math.min(maxDelay, baseDelay * 2 ** attempt);
        const delay = ceiling / 2 + random() * (ceiling / 2);
        log.debug('lookup events throttled', {
          region: options.region,
          attempt: attempt + 1,
          delayMs: Math.round(delay),
        });
        await clock.sleep(delay);
      }
    }
    for (const event of page.Events ?? []) {
      const position = index++;
      let record: CloudTrailRecord;
      try {
        if (typeof event.CloudTrailEvent !== 'string') throw new TypeError('no CloudTrailEvent');
        record = JSON.parse(event.CloudTrailEvent) as CloudTrailRecord;
        if (record === null || typeof record !== 'object') throw new TypeError('CloudTrailEvent is not an object');
      } catch (error) {
        progress.badEvents += 1;
        log.warn('lookup event skipped', {
          region: options.region,
          index: position,
          eventId: event.EventId,
          reason: (error as Error).message,
        });
        continue;
      }
      progress.events += 1;
      if (typeof record.eventTime === 'string') progress.oldestEventTime = record.eventTime;
      yield record;
    }
    progress.pages += 1;
    token = page.NextToken || undefined;
    if (options.checkpoint) {
      if (token) {
        await options.checkpoint.save({
          version: 1,
          query,
          nextToken: token,
          pages: progress.pages,
          events: progress.events,
          updatedAt: new Date(clock.now()).toISOString(),
        });
      } else {
        await options.checkpoint.clear();
      }
    }
    options.onProgress?.({ ...progress });
  } while (token);
}
