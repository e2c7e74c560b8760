/*
 * The BatchUpdateFindings call behind a Security Hub sink's `close`, against aws-sdk-client-mock.
 * A stub only because no real implementation exists to run against: moto 5.2.1's Security Hub
 * has BatchImportFindings and GetFindings but no BatchUpdateFindings (moto/securityhub/responses.py).
 * The imports themselves are tested against moto (securityhub-sink.test.ts, detect-security-hub.test.ts).
 */
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertSink } from '../../lib/alerts/create-alert-sink.js';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import type { RetryPolicy } from '../../lib/alerts/retry-policy.js';
import { closingNote, securityHubSink } from '../../lib/alerts/securityhub-sink.js';
import { closingId } from '../../lib/incidents/fold-incident.js';
import type { IncidentClosing } from '../../lib/model/incident.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const ACCOUNT = '123456789012';
const PRODUCT = `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`;
const DAY = 24 * 3_600_000;

const securityHubMock = mockClient(SecurityHubClient);
/** What Security Hub answers when it updates every finding asked. */
const processAll = (input: BatchUpdateFindingsCommandInput) => ({
  ProcessedFindings: input.FindingIdentifiers,
  UnprocessedFindings: [],
});
beforeEach(() => {
  securityHubMock.reset();
  securityHubMock.on(BatchUpdateFindingsCommand).callsFake(processAll);
});

const closing = (n: number, overrides: Partial<IncidentClosing> = {}): IncidentClosing => {
  const incidentId = `incident-${String(n).padStart(4, '0')}`;
  return {
    id: closingId(incidentId),
    incidentId,
    ruleId: 'rule-a',
    severity: 'high',
    account: '111122223333',
    lastSeen: '2026-01-02T03:00:00.000Z',
    quietMs: DAY,
    closedAt: '2026-01-03T03:00:00.000Z',
    sent: false,
    ...overrides,
  };
};
const closings = (count: number, overrides: Partial<IncidentClosing> = {}) =>
  Array.from({ length: count }, (_, i) => closing(i, overrides));

const sink = (account?: string) =>
  securityHubSink({
    securityHub: async () => new SecurityHubClient({ region: 'us-east-1' }),
    region: 'us-east-1',
    ...(account !== undefined && { account }),
    retry: FAST,
  });

const calls = (): BatchUpdateFindingsCommandInput[] =>
  securityHubMock.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);

describe('securityHubSink close (BatchUpdateFindings, stubbed)', () => {
  it("resolves each incident's finding in the importing account's default product, with a note", async () => {
    // Act
    await sink(ACCOUNT).close?.([closing(1)]);
    // Assess
    expect(calls()).toEqual([
      {
        FindingIdentifiers: [{ Id: 'incident-0001', ProductArn: PRODUCT }],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: 'trailwatch: incident closed after 24 hours without a match', UpdatedBy: 'trailwatch' },
      },
    ]);
  });

  it("uses each closing's account when no importing account is set", async () => {
    // Act
    await sink(undefined).close?.([closing(1)]);
    // Assess
    expect(calls()[0]?.FindingIdentifiers).toEqual([
      { Id: 'incident-0001', ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default' },
    ]);
  });

  it('sends at most 100 findings per call, and one call per quiet period', async () => {
    // Prepare
    const given = [...closings(150), closing(900, { quietMs: 2 * 3_600_000 })];
    // Act
    await sink(ACCOUNT).close?.(given);
    // Assess
    expect(calls().map((c) => [c.FindingIdentifiers?.length, c.Note?.Text])).toEqual([
      [100, closingNote(DAY)],
      [50, closingNote(DAY)],
      [1, 'trailwatch: incident closed after 2 hours without a match'],
    ]);
    expect(calls().flatMap((c) => c.FindingIdentifiers?.map((f) => f.Id))).toEqual(given.map((c) => c.incidentId));
  });

  it('sends the findings returned in UnprocessedFindings again, by id, and only those', async () => {
    // Prepare
    securityHubMock
      .on(BatchUpdateFindingsCommand)
      .resolvesOnce({
        ProcessedFindings: [{ Id: 'incident-0000', ProductArn: PRODUCT }],
        UnprocessedFindings: [
          {
            FindingIdentifier: { Id: 'incident-0001', ProductArn: PRODUCT },
            ErrorCode: 'ConcurrentUpdateError',
            ErrorMessage: 'busy',
          },
          {
            FindingIdentifier: { Id: 'incident-0002', ProductArn: PRODUCT },
            ErrorCode: 'InternalFailure',
            ErrorMessage: 'oops',
          },
        ],
      })
      .callsFake(processAll);
    // Act
    await sink(ACCOUNT).close?.(closings(3));
    // Assess
    expect(calls().map((c) => c.FindingIdentifiers?.map((f) => f.Id))).toEqual([
      ['incident-0000', 'incident-0001', 'incident-0002'],
      ['incident-0001', 'incident-0002'],
    ]);
  });

  it('fails loudly, naming the closing and its finding, when a finding stays unprocessed after every round', async () => {
    // Prepare
    securityHubMock.on(BatchUpdateFindingsCommand).resolves({
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: 'incident-0001', ProductArn: PRODUCT },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'no such finding',
        },
      ],
    });
    // Act
    const closing1 = closing(1);
    const failure = await sink(ACCOUNT)
      .close?.([closing(0), closing1])
      .then(
        () => undefined,
        (error: unknown) => error
      );
    // Assess
    expect(failure).toBeInstanceOf(AlertDeliveryError);
    expect((failure as AlertDeliveryError).undeliveredIds).toEqual([closing1.id]);
    expect((failure as Error).message).toContain(`${closing1.id} (FindingNotFound on finding incident-0001)`);
    expect(calls()).toHaveLength(FAST.attempts);
    expect(
      calls()
        .slice(1)
        .map((c) => c.FindingIdentifiers?.map((f) => f.Id))
    ).toEqual([['incident-0001'], ['incident-0001']]);
  });

  it('does not send again a finding refused as invalid', async () => {
    // Prepare
    securityHubMock.on(BatchUpdateFindingsCommand).resolves({
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: 'incident-0001', ProductArn: PRODUCT },
          ErrorCode: 'InvalidInput',
          ErrorMessage: 'bad',
        },
      ],
    });
    // Act
    const reading = sink(ACCOUNT).close?.([closing(1)]);
    // Assess
    await expect(reading).rejects.toThrow(/InvalidInput on finding incident-0001/);
    expect(calls()).toHaveLength(1);
  });

  it('sends a call that failed as a whole again, then fails naming every closing', async () => {
    // Prepare
    securityHubMock
      .on(BatchUpdateFindingsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // Act
    const reading = sink(ACCOUNT).close?.(closings(2));
    // Assess
    await expect(reading).rejects.toBeInstanceOf(AlertDeliveryError);
    expect(calls()).toHaveLength(FAST.attempts);
  });

  it('refuses a closing that names no account, and sends the others', async () => {
    // Act
    const reading = sink(undefined).close?.([closing(1, { account: undefined }), closing(2)]);
    // Assess
    await expect(reading).rejects.toThrow(/NoAccount/);
    expect(calls().map((c) => c.FindingIdentifiers?.map((f) => f.Id))).toEqual([['incident-0002']]);
  });
});

describe('createAlertSink close', () => {
  const config = {
    region: 'us-east-1',
    format: 'native' as const,
    accountNames: {},
    organizationsLookup: false,
    fallback: 'none' as const,
  };
  const securityHubClient = new SecurityHubClient({ region: 'us-east-1' });
  const clients = { securityHub: async () => securityHubClient };

  it('has no close without Security Hub: SNS, EventBridge and the console get no closings', () => {
    // Act
    const made = createAlertSink({ ...config, eventBus: 'default', fallback: 'console' }, { clients });
    // Assess
    expect(made.close).toBeUndefined();
  });

  it("resolves only the findings at or above Security Hub's minimum severity", async () => {
    // Prepare
    const made = createAlertSink(
      { ...config, securityHub: true, securityHubAccount: ACCOUNT, minSeveritySecurityHub: 'high', retry: FAST },
      { clients }
    );
    // Act
    await made.close?.([closing(1, { severity: 'medium' }), closing(2, { severity: 'critical' })]);
    // Assess
    expect(calls().map((c) => c.FindingIdentifiers?.map((f) => f.Id))).toEqual([['incident-0002']]);
  });
});
