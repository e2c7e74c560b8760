import { GetFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertSink } from '../../lib/alerts/create-alert-sink.js';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import type { RetryPolicy } from '../../lib/alerts/retry-policy.js';
import { securityHubSink } from '../../lib/alerts/securityhub-sink.js';
import { createAlertClients, type LazyClient } from '../../lib/aws/clients.js';
import type { Alert } from '../../lib/model/alert.js';
import {
  accepted,
  type CapturedRequest,
  type FaultEndpoint,
  importFindingsReply,
  type Reply,
  restJsonError,
  startFaultEndpoint,
} from '../helpers/aws-fault-endpoint.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { makeAlert, makeAlerts } from './make-alert.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const ACCOUNT = '123456789012';

const clientFor = (endpoint: string): LazyClient<SecurityHubClient> =>
  createAlertClients({ region: 'us-east-1', securityHubEndpoint: endpoint, maxAttempts: 1, requestTimeoutMs: 2_000 })
    .securityHub;

/** Plays replies in order, then imports everything. */
const script =
  (...replies: Array<(request: CapturedRequest) => Reply>) =>
  (request: CapturedRequest): Reply =>
    (replies[request.index] ?? ((r: CapturedRequest) => importFindingsReply(r)))(request);

/** Finding ids of the requests the endpoint imported, but the ones it reported failed. */
const importedIds = (server: FaultEndpoint): string[] =>
  server.requests.flatMap((request, i) => {
    const reply = server.replies[i];
    if (!accepted(reply) || reply === undefined || 'hang' in reply) return [];
    const failed = new Set(
      (JSON.parse(String(reply.body)) as { FailedFindings: Array<{ Id: string }> }).FailedFindings.map((f) => f.Id)
    );
    return request.alertIds.filter((id) => !failed.has(id));
  });

const incidentStep = (incidentId: string, step: Partial<Alert>): Alert =>
  makeAlert({ incidentId, id: `${incidentId}-${step.lifecycle}-${step.escalation}`, ...step });

describe('securityHubSink over HTTP with injected faults', () => {
  let server: FaultEndpoint | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends at most 100 findings per call and each finding once', async () => {
    // Prepare
    const alerts = makeAlerts(250);
    server = await startFaultEndpoint(script());
    // Act
    await securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST }).send(alerts);
    // Assess
    expect(server.requests.map((r) => r.alertIds.length)).toEqual([100, 100, 50]);
    expect(importedIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('keeps each call under 240 KB', async () => {
    // Prepare: findings of about 30 KB each (a long principal chain of resources)
    const resources = Array.from({ length: 31 }, (_, i) => `arn:aws:s3:::bucket-${i}-${'x'.repeat(40)}`);
    const alerts = makeAlerts(40, {
      resources,
      description: 'd'.repeat(1000),
      eventIds: Array(400).fill('e'.repeat(36)),
    });
    server = await startFaultEndpoint(script());
    // Act
    await securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST }).send(alerts);
    // Assess
    const sizes = server.requests.map((r) => Buffer.byteLength(JSON.stringify(r.json)));
    expect(server.requests.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(240 * 1024);
    expect(importedIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('retries a throttled call and imports each finding once', async () => {
    // Prepare
    const alerts = makeAlerts(5);
    server = await startFaultEndpoint(script(() => restJsonError(429, 'TooManyRequestsException', 'Rate exceeded')));
    // Act
    await securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST }).send(alerts);
    // Assess
    expect(server.requests).toHaveLength(2);
    expect(importedIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('resends only the findings a call reports failed, by id', async () => {
    // Prepare
    const alerts = makeAlerts(6);
    server = await startFaultEndpoint(
      script((r) =>
        importFindingsReply(r, [
          { Id: 'alert-001', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
          { Id: 'alert-004', ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
        ])
      )
    );
    // Act
    await securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST }).send(alerts);
    // Assess
    expect(server.requests.map((r) => r.alertIds)).toEqual([alerts.map((a) => a.id), ['alert-001', 'alert-004']]);
    expect(importedIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('gives up after the bounded rounds and throws naming the alert and its finding', async () => {
    // Prepare: one finding keeps failing
    const alerts = makeAlerts(3);
    server = await startFaultEndpoint((r) =>
      importFindingsReply(
        r,
        r.alertIds.includes('alert-002') ? [{ Id: 'alert-002', ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] : []
      )
    );
    const sink = securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST });
    // Act
    const sending = sink.send(alerts);
    // Assess
    await expect(sending).rejects.toBeInstanceOf(AlertDeliveryError);
    await expect(sending).rejects.toThrow('alert-002 (InternalFailure on finding alert-002)');
    expect(server.requests).toHaveLength(FAST.attempts);
  });

  it('does not retry a finding Security Hub refuses as invalid', async () => {
    // Prepare
    const alerts = makeAlerts(2);
    server = await startFaultEndpoint((r) =>
      importFindingsReply(r, [{ Id: 'alert-000', ErrorCode: 'InvalidInput', ErrorMessage: 'bad finding' }])
    );
    const sink = securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST });
    // Act
    const sending = sink.send(alerts);
    // Assess
    await expect(sending).rejects.toThrow('1 of 2 alerts not delivered after retries: securityhub: alert-000');
    expect(server.requests).toHaveLength(1);
  });

  it('sends one finding for an incident whose opening and escalation go together', async () => {
    // Prepare
    const opened = incidentStep('inc-1', { lifecycle: 'opened', escalation: 0, count: 3 });
    const escalated = incidentStep('inc-1', { lifecycle: 'escalated', escalation: 10, count: 12 });
    server = await startFaultEndpoint(script());
    // Act
    await securityHubSink({ securityHub: clientFor(server.endpoint), region: 'us-east-1', retry: FAST }).send([
      escalated,
      opened,
    ]);
    // Assess
    const body = server.requests[0]?.json as { Findings: Array<{ Id: string; ProductFields: object }> } | undefined;
    const findings = body?.Findings;
    expect(findings).toEqual([
      expect.objectContaining({ Id: 'inc-1', ProductFields: expect.objectContaining({ 'trailwatch/count': '12' }) }),
    ]);
  });
});

describe.skipIf(motoServerPath() === undefined)('securityHubSink against moto_server', () => {
  let moto: MotoServer;
  let client: SecurityHubClient;
  beforeAll(async () => {
    moto = await startMoto();
    client = await clientFor(moto.endpoint)();
  });
  afterAll(async () => {
    await moto?.close();
  });

  const findings = async () => {
    const out = await client.send(new GetFindingsCommand({ MaxResults: 100 }));
    return out.Findings ?? [];
  };

  it('updates the incident finding in place when the incident escalates', async () => {
    // Prepare
    let now = new Date('2024-05-02T08:00:00.000Z');
    const sink = createAlertSink(
      {
        region: 'us-east-1',
        securityHub: true,
        securityHubEndpoint: moto.endpoint,
        format: 'native',
        accountNames: {},
        organizationsLookup: false,
        fallback: 'none',
      },
      {}
    );
    const direct = securityHubSink({
      securityHub: async () => client,
      region: 'us-east-1',
      account: ACCOUNT,
      now: () => now,
    });
    const before = (await findings()).length;
    // Act
    await sink.send([incidentStep('moto-inc', { lifecycle: 'opened', escalation: 0, count: 1 })]);
    now = new Date('2024-05-02T09:00:00.000Z');
    await direct.send([incidentStep('moto-inc', { lifecycle: 'escalated', escalation: 10, count: 10 })]);
    // Assess
    const mine = (await findings()).filter((f) => f.Id === 'moto-inc');
    expect((await findings()).length).toBe(before + 1);
    expect(mine).toEqual([
      expect.objectContaining({
        Id: 'moto-inc',
        UpdatedAt: '2024-05-02T09:00:00.000Z',
        ProductFields: expect.objectContaining({ 'trailwatch/count': '10', 'trailwatch/lifecycle': 'escalated' }),
        Severity: expect.objectContaining({ Label: 'HIGH' }),
        GeneratorId: 'cloudtrail-logging-stopped',
      }),
    ]);
  });
});
