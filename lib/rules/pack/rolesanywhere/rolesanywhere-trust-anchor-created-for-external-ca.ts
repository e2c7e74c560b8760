import { isForeignAccount, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';
import type { CloudTrailRecord } from '../../../model/record.js';

/** Whether a trust anchor source trusts a CA outside the account: a bundle, or a Private CA of another account. */
const externalSource = (record: CloudTrailRecord, source: unknown): boolean => {
  const s = source as { sourceType?: unknown; sourceData?: { acmPcaArn?: unknown } } | undefined;
  return s?.sourceType === 'CERTIFICATE_BUNDLE' || isForeignAccount(record, s?.sourceData?.acmPcaArn);
};

/** IAM Roles Anywhere trust anchor created for an outside CA: A Roles Anywhere trust anchor now trusts a certificate bundle or another account's Private CA: anyone holding a certificate from that CA can obtain credentials for the roles of a profile. */
export const rule: RuleDefinition = {
  id: 'rolesanywhere-trust-anchor-created-for-external-ca',
  title: 'IAM Roles Anywhere trust anchor created for an outside CA',
  description:
    "A Roles Anywhere trust anchor now trusts a certificate bundle or another account's Private CA: anyone holding a certificate from that CA can obtain credentials for the roles of a profile.",
  severity: 'high',
  tags: [
    'attack.persistence',
    'attack.t1098.001',
    'attack.defense-evasion',
    'attack.t1484.002',
    'attack.credential-access',
    'attack.t1649',
  ],
  references: [
    'https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.rolesanywhere-create-trust-anchor/',
  ],
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['CreateTrustAnchor'],
  match: (r) => succeeded(r) && externalSource(r, params(r).source),
};
