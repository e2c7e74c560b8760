import { asList, isForeignAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSM document shared publicly or with another account: An SSM document was shared with all AWS accounts or with a specific other account: its content (scripts, embedded settings) can be read and run there. */
export const rule: RuleDefinition = {
  id: 'ssm-document-shared-outside-account',
  title: 'SSM document shared publicly or with another account',
  description:
    'An SSM document was shared with all AWS accounts or with a specific other account: its content (scripts, embedded settings) can be read and run there.',
  severity: 'high',
  tags: ['attack.exfiltration', 'attack.t1537'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ModifyDocumentPermission.html',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['ModifyDocumentPermission'],
  match: (r) =>
    succeeded(r) &&
    asList(params(r).accountIdsToAdd).some(
      (a) => (typeof a === 'string' && a.toLowerCase() === 'all') || isForeignAccount(r, a)
    ),
};
