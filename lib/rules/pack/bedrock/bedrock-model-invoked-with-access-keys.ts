import { ATTACK_TOOL_AGENT, SCRIPT_AGENT, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model invoked with access keys: A foundation model was invoked with an IAM user's long-term key or by a script or offensive tool: applications invoke models with role credentials, and stolen keys running inference is LLMjacking. */
export const rule: RuleDefinition = {
  id: 'bedrock-model-invoked-with-access-keys',
  title: 'Bedrock model invoked with access keys',
  description:
    "A foundation model was invoked with an IAM user's long-term key or by a script or offensive tool: applications invoke models with role credentials, and stolen keys running inference is LLMjacking.",
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.bedrock-invoke-model/',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'],
  match: (r) =>
    succeeded(r) &&
    ((r.userIdentity?.type === 'IAMUser' && (r.userIdentity.accessKeyId ?? '').startsWith('AKIA')) ||
      SCRIPT_AGENT.test(r.userAgent ?? '') ||
      ATTACK_TOOL_AGENT.test(r.userAgent ?? '')),
};
