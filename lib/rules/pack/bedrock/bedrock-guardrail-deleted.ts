import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock guardrail deleted: A Bedrock guardrail was deleted with all its versions: applications that relied on it lose their content filters. */
export const rule: RuleDefinition = {
  id: 'bedrock-guardrail-deleted',
  title: 'Bedrock guardrail deleted',
  description:
    'A Bedrock guardrail was deleted with all its versions: applications that relied on it lose their content filters.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteGuardrail.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['DeleteGuardrail'],
  match: (r) => succeeded(r) && !madeByAwsService(r) && params(r).guardrailVersion === undefined,
};
