import type { EventBridgeClient, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';

/**
 * Sends one PutEvents call: the only place trailwatch calls EventBridge. The result has one
 * entry per request entry, in order, each with an EventId or an ErrorCode; a partly failed
 * call does not throw (see FailedEntryCount).
 * @throws the SDK's error once its own retries are spent (throttling, 5xx, timeouts)
 */
export const putEventEntries = async (
  eventBridge: EventBridgeClient,
  entries: PutEventsRequestEntry[]
): Promise<PutEventsResultEntry[]> => {
  const out = await eventBridge.send(new PutEventsCommand({ Entries: entries }));
  return out.Entries ?? [];
};
