import { fromConsole, usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock models enumerated with a long-term access key: An IAM user's or root's access key listed foundation models, model availability or agreement offers outside the console: how LLMjacking tools check what a stolen key can run. */
export const rule: RuleDefinition = {
  id: 'bedrock-models-enumerated-with-long-term-key',
  title: 'Bedrock models enumerated with a long-term access key',
  description:
    "An IAM user's or root's access key listed foundation models, model availability or agreement offers outside the console: how LLMjacking tools check what a stolen key can run.",
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1580'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: [
    'ListFoundationModels',
    'GetFoundationModel',
    'GetFoundationModelAvailability',
    'ListFoundationModelAgreementOffers',
    'GetUseCaseForModelAccess',
    'ListInferenceProfiles',
    'ListCustomModels',
    'ListProvisionedModelThroughputs',
  ],
  match: (r) => usesLongTermKey(r) && !fromConsole(r),
};
