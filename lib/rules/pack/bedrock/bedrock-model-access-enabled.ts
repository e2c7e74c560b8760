import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model access requested or granted: Access to a Bedrock foundation model was requested or an agreement accepted (PutUseCaseForModelAccess, CreateFoundationModelAgreement, PutFoundationModelEntitlement): the first step of LLMjacking, running paid models on stolen credentials. */
export const rule: RuleDefinition = {
  id: 'bedrock-model-access-enabled',
  title: 'Bedrock model access requested or granted',
  description:
    'Access to a Bedrock foundation model was requested or an agreement accepted (PutUseCaseForModelAccess, CreateFoundationModelAgreement, PutFoundationModelEntitlement): the first step of LLMjacking, running paid models on stolen credentials.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.bedrock-invoke-model/',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement'],
  match: (r) => succeeded(r),
};
