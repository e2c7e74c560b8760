import { gzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../../lib/model/record.js';

/**
 * The Lambda event of a CloudWatch Logs subscription filter delivering these records, as the
 * trail's log group holds them: one log event per record, stamped with its eventTime.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 */
export const logsBatchOf = (records: readonly CloudTrailRecord[]) => ({
  awslogs: {
    data: gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '111122223333',
        logGroup: 'trail-group',
        logStream: '111122223333_CloudTrail_us-east-1',
        subscriptionFilters: ['trailwatch'],
        logEvents: records.map((r, i) => ({
          id: `id-${i}`,
          timestamp: Date.parse(r.eventTime ?? ''),
          message: JSON.stringify(r),
        })),
      })
    ).toString('base64'),
  },
});
