import { otherUserName, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Signing certificate uploaded for another user: A principal uploaded an X.509 signing certificate to a different IAM user: a rarely reviewed credential for the SOAP-era APIs that still authenticates as that user. */
export const rule: RuleDefinition = {
  id: 'iam-signing-certificate-uploaded-for-other-user',
  title: 'Signing certificate uploaded for another user',
  description:
    'A principal uploaded an X.509 signing certificate to a different IAM user: a rarely reviewed credential for the SOAP-era APIs that still authenticates as that user.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html'],
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UploadSigningCertificate'],
  match: (r) => succeeded(r) && otherUserName(r) !== undefined,
};
