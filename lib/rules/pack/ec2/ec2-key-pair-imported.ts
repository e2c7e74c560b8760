import { succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 key pair imported: A public key was imported: whoever holds the private key can log in to instances launched with it. */
export const rule: RuleDefinition = {
  id: 'ec2-key-pair-imported',
  title: 'EC2 key pair imported',
  description: 'A public key was imported: whoever holds the private key can log in to instances launched with it.',
  severity: 'low',
  tags: ['attack.persistence', 'attack.t1098.004'],
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportKeyPair.html'],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ImportKeyPair'],
  match: (r) => succeeded(r),
};
