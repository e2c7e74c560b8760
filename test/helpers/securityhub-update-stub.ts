import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandInput,
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  GetFindingsCommand,
  type GetFindingsCommandInput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';

const realSend = SecurityHubClient.prototype.send as (this: SecurityHubClient, command: unknown) => Promise<unknown>;

/**
 * Stubs BatchUpdateFindings on every SecurityHubClient and lets BatchImportFindings and
 * GetFindings through to the endpoint for real (moto_server). A stub only because no real
 * implementation exists to run against: moto 5.2.1's Security Hub has BatchImportFindings and
 * GetFindings but no BatchUpdateFindings (moto/securityhub/responses.py). The stub updates every
 * finding it is asked to and records the requests.
 * @returns the ids of the findings resolved so far, a reset of that record, and the restore
 */
export const stubBatchUpdateFindings = () => {
  const securityHub = mockClient(SecurityHubClient);
  const route = () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .callsFake((input: BatchImportFindingsCommandInput, client) =>
        realSend.call(client(), new BatchImportFindingsCommand(input))
      );
    securityHub
      .on(GetFindingsCommand)
      .callsFake((input: GetFindingsCommandInput, client) => realSend.call(client(), new GetFindingsCommand(input)));
    securityHub.on(BatchUpdateFindingsCommand).callsFake((input: BatchUpdateFindingsCommandInput) => ({
      ProcessedFindings: input.FindingIdentifiers,
      UnprocessedFindings: [],
    }));
  };
  route();
  return {
    /** The ids of the findings BatchUpdateFindings was asked to update, in order. */
    resolved: (): string[] =>
      securityHub
        .commandCalls(BatchUpdateFindingsCommand)
        .flatMap((c) => c.args[0].input.FindingIdentifiers?.map((f) => f.Id ?? '') ?? []),
    /** Every BatchUpdateFindings request so far. */
    requests: (): BatchUpdateFindingsCommandInput[] =>
      securityHub.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input),
    forget: () => securityHub.resetHistory(),
    restore: () => securityHub.restore(),
  };
};
