import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const POLICIES = [
  'topicPolicyConfig',
  'contentPolicyConfig',
  'wordPolicyConfig',
  'sensitiveInformationPolicyConfig',
  'contextualGroundingPolicyConfig',
  'automatedReasoningPolicyConfig',
] as const;

// Prompt-attack filters apply to input only: AWS requires their output strength to be NONE.
const filterOff = (f: { type?: unknown; inputStrength?: unknown; outputStrength?: unknown }): boolean =>
  f?.inputStrength === 'NONE' || (f?.type !== 'PROMPT_ATTACK' && f?.outputStrength === 'NONE');

/** Bedrock guardrail content filters turned off: A guardrail was updated with a content filter at strength NONE (prompt-attack filters only count on input, where AWS allows them), or with every policy removed. */
export const rule: RuleDefinition = {
  id: 'bedrock-guardrail-filters-disabled',
  title: 'Bedrock guardrail content filters turned off',
  description:
    'A guardrail was updated with a content filter at strength NONE (prompt-attack filters only count on input, where AWS allows them), or with every policy removed.',
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.001'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_UpdateGuardrail.html',
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GuardrailContentFilterConfig.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['UpdateGuardrail'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const p = params(r);
    if (POLICIES.every((k) => p[k] === undefined)) return true;
    return asList((p.contentPolicyConfig as { filtersConfig?: unknown } | undefined)?.filtersConfig).some(filterOff);
  },
};
