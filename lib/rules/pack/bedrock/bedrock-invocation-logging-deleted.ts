import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model invocation logging deleted: The model invocation logging configuration was deleted: prompts and responses of later Bedrock calls are no longer written to S3 or CloudWatch Logs. */
export const rule: RuleDefinition = {
  id: 'bedrock-invocation-logging-deleted',
  title: 'Bedrock model invocation logging deleted',
  description:
    'The model invocation logging configuration was deleted: prompts and responses of later Bedrock calls are no longer written to S3 or CloudWatch Logs.',
  severity: 'high',
  tags: ['attack.defense-evasion', 'attack.t1562.008'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteModelInvocationLoggingConfiguration.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['DeleteModelInvocationLoggingConfiguration'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
