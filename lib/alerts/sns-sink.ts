import type { MessageAttributeValue, PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { ClientOrLazy } from '../aws/clients.js';
import { publishMessage } from '../aws/sns.js';
import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { classifyError } from './classify-error.js';
import type { AlertFormat } from './constants.js';
import { LIMITS } from './constants.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import { fifoToken } from './fifo-token.js';
import { AlertTooLargeError, fitAlert } from './fit-alert.js';
import { formatSubject } from './format-subject.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { renderAlert } from './render-alert.js';
import { DEFAULT_RETRY_POLICY, pauseAfter, type RetryPolicy } from './retry-policy.js';
import type { Alert, AlertSink } from '../model/alert.js';

/** What an SNS sink needs: a client, the topic, the body format and its retry policy. */
export type SnsSinkOptions = {
  /** The client, or a LazyClient (AlertClients: the SDK package loads on the first send). */
  sns: ClientOrLazy<SNSClient>;
  topicArn: string;
  format?: AlertFormat;
  retry?: RetryPolicy;
  /** Publish calls in flight at once (default 8). */
  concurrency?: number;
  log?: Log;
};

/** The attributes subscribers filter on; empty values are left out because SNS rejects them. */
export const messageAttributes = (alert: Alert): Record<string, MessageAttributeValue> => {
  const facts: Array<[string, string | undefined]> = [
    ['severity', alert.severity],
    ['ruleId', alert.ruleId],
    ['category', alert.category],
    ['account', alert.account],
    ['region', alert.region],
  ];
  return Object.fromEntries(
    facts
      .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
      .map(([name, value]) => [name, { DataType: 'String', StringValue: value }])
  );
};

const attributeBytes = (attributes: Record<string, MessageAttributeValue>): number =>
  Object.entries(attributes).reduce(
    (sum, [name, v]) =>
      sum + Buffer.byteLength(name) + Buffer.byteLength(v.DataType ?? '') + Buffer.byteLength(v.StringValue ?? ''),
    0
  );

/**
 * Builds the Publish request for one alert: human subject, alert JSON (or OCSF) body trimmed
 * to fit 256 KB with its attributes, and on FIFO topics (ARN ending `.fifo`) MessageGroupId =
 * rule id and MessageDeduplicationId = alert id, so SNS itself drops a retried duplicate
 * within its 5-minute dedup window.
 * @throws AlertTooLargeError when even the trimmed alert does not fit
 */
export const publishInput = (alert: Alert, topicArn: string, format: AlertFormat = 'native'): PublishCommandInput => {
  const attributes = messageAttributes(alert);
  const budget = LIMITS.snsMessageBytes - attributeBytes(attributes) - LIMITS.headroomBytes;
  const fitted = fitAlert(alert, renderAlert(format), budget);
  return {
    TopicArn: topicArn,
    Subject: formatSubject(fitted.alert),
    Message: fitted.body,
    MessageAttributes: attributes,
    ...(topicArn.endsWith('.fifo') && {
      MessageGroupId: fifoToken(alert.ruleId),
      MessageDeduplicationId: fifoToken(alert.id),
    }),
  };
};

/**
 * An SNS sink: one Publish per alert, a few in flight at once. Each alert is retried on its
 * own (throttling, 5xx, timeouts) in jittered rounds on top of the SDK's retries; an alert
 * that SNS accepted is never sent again by this call. Final errors (denied, no such topic,
 * invalid parameter) are not retried.
 * @param options - client, topic ARN, body format, retry policy
 * @returns a sink whose `send` throws AlertDeliveryError naming every alert it could not publish
 * @example await snsSink({ sns, topicArn }).send(alerts)
 */
export const snsSink = (options: SnsSinkOptions): AlertSink => {
  const { sns, topicArn, format = 'native', retry = DEFAULT_RETRY_POLICY, concurrency = 8, log = silentLog } = options;

  const deliver = async (alert: Alert): Promise<UndeliveredAlert | undefined> => {
    let input: PublishCommandInput;
    try {
      input = publishInput(alert, topicArn, format);
    } catch (error) {
      if (!(error instanceof AlertTooLargeError)) throw error;
      return { id: alert.id, sink: 'sns', errorCode: 'AlertTooLarge', errorMessage: error.message };
    }
    for (let round = 1; ; round++) {
      try {
        await publishMessage(sns, input);
        return undefined;
      } catch (error) {
        const verdict = classifyError(error);
        if (!verdict.retryable || round >= retry.attempts) {
          log.warn('sns publish failed', { alertId: alert.id, errorCode: verdict.code, rounds: round });
          return { id: alert.id, sink: 'sns', errorCode: verdict.code, errorMessage: verdict.message };
        }
        log.info('sns publish retrying', { alertId: alert.id, errorCode: verdict.code, round });
        await pauseAfter(retry, round);
      }
    }
  };

  return {
    send: async (alerts) => {
      const failures = (await mapWithConcurrency(alerts, concurrency, deliver)).filter(
        (f): f is UndeliveredAlert => f !== undefined
      );
      log.info('sns alerts sent', { topicArn, alerts: alerts.length, failed: failures.length });
      if (failures.length > 0) throw new AlertDeliveryError(failures, alerts.length);
    },
  };
};
