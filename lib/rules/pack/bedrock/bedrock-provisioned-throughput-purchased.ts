import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Bedrock provisioned throughput purchased: Provisioned throughput (model units billed by the hour, often with a months-long commitment) was bought for a model. */
export const rule: RuleDefinition = {
  id: 'bedrock-provisioned-throughput-purchased',
  title: 'Bedrock provisioned throughput purchased',
  description:
    'Provisioned throughput (model units billed by the hour, often with a months-long commitment) was bought for a model.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.004'],
  references: [
    'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProvisionedModelThroughput.html',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html',
  ],
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['CreateProvisionedModelThroughput'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
