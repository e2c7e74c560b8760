import type { AwsSecurityFinding, ImportFindingsError, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { LazyClient } from './clients.js';

/**
 * Sends one BatchImportFindings call: the only place trailwatch calls Security Hub. A call whose
 * findings were partly refused does not throw: the refused ones come back with their ids
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
 * @returns the findings Security Hub did not import, each with its error code
 * @throws the SDK's error once its own retries are spent (throttling, 5xx, timeouts)
 */
export const importFindings = async (
  lazySecurityHub: LazyClient<SecurityHubClient>,
  findings: AwsSecurityFinding[]
): Promise<ImportFindingsError[]> => {
  // The SDK package is loaded on the first call, not at every cold start (AlertClients.securityHub).
  const [securityHub, { BatchImportFindingsCommand }] = await Promise.all([
    lazySecurityHub(),
    import('@aws-sdk/client-securityhub'),
  ]);
  const out = await securityHub.send(new BatchImportFindingsCommand({ Findings: findings }));
  return out.FailedFindings ?? [];
};
