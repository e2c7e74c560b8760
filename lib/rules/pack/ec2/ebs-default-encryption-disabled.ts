import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EBS encryption by default disabled: New EBS volumes in this region will no longer be encrypted by default. */
export const rule: RuleDefinition = {
  id: 'ebs-default-encryption-disabled',
  title: 'EBS encryption by default disabled',
  description: 'New EBS volumes in this region will no longer be encrypted by default.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1486'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableEbsEncryptionByDefault.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DisableEbsEncryptionByDefault'],
  match: (r) => succeeded(r),
};
