import { fromConsole, madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock model access enabled through the API: Access to a foundation model was requested, accepted or entitled through the API rather than the Bedrock console, as LLMjacking tools do with stolen keys before running inference at the account owner's expense. */
export const rule: RuleDefinition = {
  id: 'bedrock-model-access-enabled-programmatically',
  title: 'Bedrock model access enabled through the API',
  description:
    "Access to a foundation model was requested, accepted or entitled through the API rather than the Bedrock console, as LLMjacking tools do with stolen keys before running inference at the account owner's expense.",
  severity: 'high',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement'],
  match: (r) => succeeded(r) && !fromConsole(r) && !madeByAwsService(r),
};
