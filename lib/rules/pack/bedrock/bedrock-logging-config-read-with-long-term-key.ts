import { fromConsole, usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock invocation logging checked with a long-term access key: An IAM user's or root's access key read the model invocation logging configuration outside the console: LLMjacking tools check whether prompts are logged before using a stolen key. */
export const rule: RuleDefinition = {
  id: 'bedrock-logging-config-read-with-long-term-key',
  title: 'Bedrock invocation logging checked with a long-term access key',
  description:
    "An IAM user's or root's access key read the model invocation logging configuration outside the console: LLMjacking tools check whether prompts are logged before using a stolen key.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1518.001'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetModelInvocationLoggingConfiguration.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['GetModelInvocationLoggingConfiguration'],
  match: (r) => usesLongTermKey(r) && !fromConsole(r),
};
