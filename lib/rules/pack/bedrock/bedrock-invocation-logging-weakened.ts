import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model invocation logging weakened: The model invocation logging configuration was replaced by one that no longer records prompt text or has no S3 or CloudWatch Logs destination. */
export const rule: RuleDefinition = {
  id: 'bedrock-invocation-logging-weakened',
  title: 'Bedrock model invocation logging weakened',
  description:
    'The model invocation logging configuration was replaced by one that no longer records prompt text or has no S3 or CloudWatch Logs destination.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_PutModelInvocationLoggingConfiguration.html',
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_LoggingConfig.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['PutModelInvocationLoggingConfiguration'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const config = params(r).loggingConfig as
      | { textDataDeliveryEnabled?: unknown; s3Config?: unknown; cloudWatchConfig?: unknown }
      | undefined;
    if (typeof config !== 'object' || config === null) return false;
    return (
      config.textDataDeliveryEnabled === false ||
      (config.s3Config === undefined && config.cloudWatchConfig === undefined)
    );
  },
};
