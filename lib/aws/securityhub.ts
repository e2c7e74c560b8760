import type {
  AwsSecurityFinding,
  AwsSecurityFindingIdentifier,
  BatchUpdateFindingsUnprocessedFinding,
  ImportFindingsError,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { LazyClient } from './clients.js';

/**
 * Sends one BatchImportFindings call: with {@link resolveFindings}, the only places trailwatch
 * calls Security Hub. A call whose findings were partly refused does not throw: the refused ones
 * come back with their ids
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

/**
 * Sends one BatchUpdateFindings call setting `Workflow.Status` RESOLVED, with a note, on up to 100
 * findings. BatchImportFindings cannot change `Workflow` once a finding exists (it belongs to the
 * customer's investigation), so a provider resolves its own finding this way
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html). Findings
 * it could not update come back in `UnprocessedFindings` without an error.
 * @param identifiers - each finding's `Id` and `ProductArn`
 * @param note - the note's text (≤ 512 characters), written by `trailwatch`
 * @returns the findings Security Hub did not update, each with its error code
 * @throws the SDK's error once its own retries are spent (throttling, 5xx, timeouts)
 */
export const resolveFindings = async (
  lazySecurityHub: LazyClient<SecurityHubClient>,
  identifiers: AwsSecurityFindingIdentifier[],
  note: string
): Promise<BatchUpdateFindingsUnprocessedFinding[]> => {
  const [securityHub, { BatchUpdateFindingsCommand }] = await Promise.all([
    lazySecurityHub(),
    import('@aws-sdk/client-securityhub'),
  ]);
  const out = await securityHub.send(
    new BatchUpdateFindingsCommand({
      FindingIdentifiers: identifiers,
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: note, UpdatedBy: 'trailwatch' },
    })
  );
  return out.UnprocessedFindings ?? [];
};
