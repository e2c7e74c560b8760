import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import { eventBridgeSink } from '../../lib/alerts/eventbridge-sink.js';
import type { RetryPolicy } from '../../lib/alerts/retry-policy.js';
import { createAlertClients, type LazyClient } from '../../lib/aws/clients.js';
import {
  type CapturedRequest,
  type FaultEndpoint,
  type Reply,
  deliveredIds,
  jsonError,
  putEventsOk,
  putEventsReply,
  startFaultEndpoint,
} from '../helpers/aws-fault-endpoint.js';
import { makeAlerts } from './make-alert.js';

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const THROTTLED = { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
const INTERNAL = { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' };
const MALFORMED = { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };

/** The production client factory pointed at the fault endpoint: 2 SDK attempts per call. */
const clientFor = (endpoint: string, requestTimeoutMs = 2_000): LazyClient<EventBridgeClient> =>
  createAlertClients({ region: 'us-east-1', eventBridgeEndpoint: endpoint, maxAttempts: 2, requestTimeoutMs })
    .eventBridge;

/** Plays replies in order, then accepts everything. */
const script =
  (...replies: Array<(request: CapturedRequest) => Reply>) =>
  (request: CapturedRequest): Reply =>
    (replies[request.index] ?? ((r: CapturedRequest) => putEventsOk(r.alertIds.length)))(request);

let server: FaultEndpoint | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('eventBridgeSink over HTTP with injected faults', () => {
  it('resends only the entries a partial failure reports, and each alert arrives once', async () => {
    // Prepare: of 10 entries, #2 is throttled and #7 hits InternalFailure; then #7 fails again
    const alerts = makeAlerts(10);
    server = await startFaultEndpoint(
      script(
        () => putEventsReply(alerts.map((_, i) => (i === 2 ? THROTTLED : i === 7 ? INTERNAL : 'ok'))),
        () => putEventsReply(['ok', INTERNAL])
      )
    );
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint), retry: FAST });
    // Act
    await sink.send(alerts);
    // Assess
    expect(server.requests.map((r) => r.alertIds)).toEqual([
      alerts.map((a) => a.id),
      ['alert-002', 'alert-007'],
      ['alert-007'],
    ]);
    expect(deliveredIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it.each([
    ['ThrottlingException (400)', jsonError(400, 'ThrottlingException', 'Rate exceeded')],
    ['InternalException (500)', jsonError(500, 'InternalException', 'Internal service error')],
  ])('retries a whole call that fails with %s and delivers each alert once', async (_name, fault) => {
    // Prepare: both SDK attempts of the first round and the first of the second round fail
    const alerts = makeAlerts(4);
    server = await startFaultEndpoint(
      script(
        () => fault,
        () => fault,
        () => fault
      )
    );
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint), retry: FAST });
    // Act
    await sink.send(alerts);
    // Assess
    expect(server.requests).toHaveLength(4);
    expect(deliveredIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('retries a call that times out and delivers each alert once', async () => {
    // Prepare: the first call never gets an answer
    const alerts = makeAlerts(3);
    server = await startFaultEndpoint(script(() => ({ hang: true })));
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint, 300), retry: FAST });
    // Act
    await sink.send(alerts);
    // Assess
    expect(server.requests).toHaveLength(2);
    expect(deliveredIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('rejects naming every still-failing entry after the last round, keeping the delivered ones delivered', async () => {
    // Prepare: alert-001 and alert-004 are throttled on every call
    const alerts = makeAlerts(6);
    const stuck = new Set(['alert-001', 'alert-004']);
    server = await startFaultEndpoint((r) =>
      putEventsReply(r.alertIds.map((id) => (stuck.has(id) ? THROTTLED : 'ok')))
    );
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint), retry: FAST });
    // Act
    const error = await sink.send(alerts).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(AlertDeliveryError);
    const delivery = error as AlertDeliveryError;
    expect([...delivery.undeliveredIds].sort()).toEqual(['alert-001', 'alert-004']);
    expect(delivery.message).toContain('alert-001 (ThrottlingException)');
    expect(delivery.message).toContain('alert-004 (ThrottlingException)');
    expect(server.requests).toHaveLength(FAST.attempts);
    expect(deliveredIds(server).sort()).toEqual(['alert-000', 'alert-002', 'alert-003', 'alert-005']);
  });

  it('rejects naming every alert when every call is throttled, after SDK × sink attempts', async () => {
    // Prepare
    const alerts = makeAlerts(12);
    server = await startFaultEndpoint(() => jsonError(400, 'ThrottlingException', 'Rate exceeded'));
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint), retry: FAST });
    // Act
    const error = await sink.send(alerts).catch((e: unknown) => e);
    // Assess
    expect([...(error as AlertDeliveryError).undeliveredIds].sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(server.requests).toHaveLength(2 * 2 * FAST.attempts);
    expect(deliveredIds(server)).toEqual([]);
  });

  it('does not resend an entry with a final error code and reports it', async () => {
    // Prepare
    const alerts = makeAlerts(3);
    server = await startFaultEndpoint(script(() => putEventsReply(['ok', MALFORMED, 'ok'])));
    const sink = eventBridgeSink({ eventBridge: clientFor(server.endpoint), retry: FAST });
    // Act
    const error = await sink.send(alerts).catch((e: unknown) => e);
    // Assess
    expect((error as AlertDeliveryError).undelivered).toEqual([
      { id: 'alert-001', sink: 'eventbridge', errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' },
    ]);
    expect(server.requests).toHaveLength(1);
  });
});
