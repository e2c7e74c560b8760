import { type CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { LookupEventsPage, LookupPageFetcher } from '../sources/lookup-events.js';

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
