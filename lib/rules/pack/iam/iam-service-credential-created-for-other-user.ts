import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Service-specific credential created or reset for another user: A principal created or reset a CodeCommit, Keyspaces or Bedrock credential of a different IAM user and received its password: access as that user that survives key rotation. */
export const rule: RuleDefinition = {
  id: 'iam-service-credential-created-for-other-user',
  title: 'Service-specific credential created or reset for another user',
  description:
    'A principal created or reset a CodeCommit, Keyspaces or Bedrock credential of a different IAM user and received its password: access as that user that survives key rotation.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResetServiceSpecificCredential.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateServiceSpecificCredential', 'ResetServiceSpecificCredential'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
