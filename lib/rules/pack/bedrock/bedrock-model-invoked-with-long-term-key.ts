import { fromConsole, usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model invoked with a long-term access key: An IAM user's or root's access key ran (or tried to run) model inference outside the console. Applications normally call Bedrock with role sessions; leaked keys are how LLMjacking starts. */
export const rule: RuleDefinition = {
  id: 'bedrock-model-invoked-with-long-term-key',
  title: 'Bedrock model invoked with a long-term access key',
  description:
    "An IAM user's or root's access key ran (or tried to run) model inference outside the console. Applications normally call Bedrock with role sessions; leaked keys are how LLMjacking starts.",
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004', 'attack.initial-access', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_InvokeModel.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'],
  match: (r) => usesLongTermKey(r) && !fromConsole(r),
};
