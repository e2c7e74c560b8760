import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSH public key uploaded for another user: A principal uploaded an SSH public key to a different IAM user: whoever holds the private key can use CodeCommit as that user. */
export const rule: RuleDefinition = {
  id: 'iam-ssh-public-key-uploaded-for-other-user',
  title: 'SSH public key uploaded for another user',
  description:
    'A principal uploaded an SSH public key to a different IAM user: whoever holds the private key can use CodeCommit as that user.',
  severity: 'high',
  tags: ['attack.persistence', 'attack.t1098.004'],
  references: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html',
    'https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up-ssh-unixes.html',
  ],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UploadSSHPublicKey'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
