import type { EventBridgeClient, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { type ClientOrLazy, clientOf } from './clients.js';

/**
 * Sends one PutEvents call: the only place trailwatch calls EventBridge. The result has one
 * entry per request entry, in order, each with an EventId or an ErrorCode; a partly failed
 * call does not throw (see FailedEntryCount).
 * @param eventBridge - the client, or a LazyClient (AlertClients.eventBridge: the SDK package
 *   loads on the first call)
 * @throws the SDK's error once its own retries are spent (throttling, 5xx, timeouts)
 */
export const putEventEntries = async (
  eventBridge: ClientOrLazy<EventBridgeClient>,
  entries: PutEventsRequestEntry[]
): Promise<PutEventsResultEntry[]> => {
  const [client, { PutEventsCommand }] = await Promise.all([
    clientOf(eventBridge),
    import('@aws-sdk/client-eventbridge'),
  ]);
  const out = await client.send(new PutEventsCommand({ Entries: entries }));
  return out.Entries ?? [];
};
