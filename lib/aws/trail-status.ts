import { type CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { cloudTrailClientFor } from './cloudtrail-clients.js';
import type { TrailStatusSource } from '../digest/index.js';
import type { Log } from '../model/log.js';

/**
 * GetTrailStatus as a {@link TrailStatusSource}, called in the trail's home region (the region in
 * its ARN), where the trail's status lives. Needs `cloudtrail:GetTrailStatus` on the trail.
 * @param clientFor - a CloudTrail client per region (default: one per cold start, lib/aws/clients.ts)
 * @throws the SDK's error (AccessDenied, TrailNotFoundException, throttling after retries)
 * @example
 * const status = await cloudTrailStatusSource()('arn:aws:cloudtrail:us-east-1:111122223333:trail/main');
 */
export const cloudTrailStatusSource =
  (clientFor: (region: string) => CloudTrailClient = cloudTrailClientFor): TrailStatusSource =>
  async (trailArn) => {
    const region = trailArn.split(':')[3] ?? '';
    const out = await clientFor(region).send(new GetTrailStatusCommand({ Name: trailArn }));
    return {
      trailArn,
      ...(out.IsLogging !== undefined && { isLogging: out.IsLogging }),
      ...(out.LatestDigestDeliveryTime !== undefined && { latestDigestDeliveryTime: out.LatestDigestDeliveryTime }),
      ...(out.LatestDigestDeliveryError && { latestDigestDeliveryError: out.LatestDigestDeliveryError }),
    };
  };

/**
 * The heartbeat's GetTrailStatus cross-check for the trails named in settings, built once per cold
 * start. With no trail named there is nothing to ask: it says so once, in the cold start's log.
 * @param trailArns - `TRAIL_ARNS` (lib/config)
 * @param log - where the "cross-check off" line goes
 * @returns the trails and their status source, or undefined when none are named
 */
export const trailStatusCheck = (
  trailArns: readonly string[],
  log: Log
): { arns: readonly string[]; status: TrailStatusSource } | undefined => {
  if (trailArns.length > 0) return { arns: trailArns, status: cloudTrailStatusSource() };
  log.warn('trail status cross-check off', { unset: 'TRAIL_ARNS' });
  return undefined;
};
