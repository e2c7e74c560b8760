import { type CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { cloudTrailClientFor } from './clients.js';
import type { TrailStatusSource } from '../digest/index.js';

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
