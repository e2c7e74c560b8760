import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { LookupEventsPage, LookupPageFetcher } from '../sources/lookup-events.js';

/**
 * A CloudTrail client for Event history. The SDK's own retries are off (`maxAttempts: 1`):
 * readLookupEvents paces the requests and backs off on ThrottlingException itself, and two
 * retry loops would multiply the wait. Honours AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL.
 * @param region - the region whose Event history to read
 * @param env - usually `process.env`
 */
export const lookupEventsClient = (region: string, env: NodeJS.ProcessEnv = process.env): CloudTrailClient => {
  const endpoint = env.AWS_ENDPOINT_URL_CLOUDTRAIL || env.AWS_ENDPOINT_URL || undefined;
  return new CloudTrailClient({ region, maxAttempts: 1, ...(endpoint && { endpoint }) });
};

/**
 * The page fetcher readLookupEvents calls: one LookupEvents request per call.
 * @param client - from lookupEventsClient
 * @example
 * readLookupEvents({ fetchPage: lookupEventsPage(lookupEventsClient('us-east-1')), region: 'us-east-1' })
 */
export const lookupEventsPage =
  (client: CloudTrailClient): LookupPageFetcher =>
  async (request): Promise<LookupEventsPage> => {
    const out = await client.send(new LookupEventsCommand(request));
    return { Events: out.Events ?? [], ...(out.NextToken && { NextToken: out.NextToken }) };
  };
