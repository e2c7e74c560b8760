import type { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import type { RetryPolicy } from '../../lib/alerts/retry-policy.js';
import { snsSink } from '../../lib/alerts/sns-sink.js';
import { createAlertClients, type LazyClient } from '../../lib/aws/clients.js';
import {
  type FaultEndpoint,
  type Reply,
  deliveredIds,
  snsError,
  snsPublishOk,
  startFaultEndpoint,
} from '../helpers/aws-fault-endpoint.js';
import { makeAlerts } from './make-alert.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:trailwatch-alerts';
const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** The production client factory pointed at the fault endpoint: 2 SDK attempts per call. */
const clientFor = (endpoint: string, requestTimeoutMs = 2_000): LazyClient<SNSClient> =>
  createAlertClients({ region: 'us-east-1', snsEndpoint: endpoint, maxAttempts: 2, requestTimeoutMs }).sns;

let server: FaultEndpoint | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Replies from a per-alert script: the n-th request for an alert gets script[n] (then OK). */
const perAlert = (script: (id: string) => Reply[]) => {
  const seen = new Map<string, number>();
  return (request: { alertIds: string[] }): Reply => {
    const id = request.alertIds[0] ?? '?';
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return script(id)[n] ?? snsPublishOk();
  };
};

describe('snsSink over HTTP with injected faults', () => {
  it.each([
    ['Throttling (400)', snsError(400, 'Throttling', 'Rate exceeded')],
    ['Throttled (429)', snsError(429, 'Throttled', 'Throttled request.')],
    ['InternalError (500)', snsError(500, 'InternalError', 'Internal error', 'Receiver')],
  ])('delivers every alert exactly once after %s', async (_name, fault) => {
    // Prepare: every alert's first 3 calls fail (all SDK attempts of round 1, first of round 2)
    const alerts = makeAlerts(6);
    server = await startFaultEndpoint(perAlert(() => [fault, fault, fault]));
    const sink = snsSink({ sns: clientFor(server.endpoint), topicArn: TOPIC, retry: FAST });
    // Act
    await sink.send(alerts);
    // Assess
    expect(deliveredIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(server.requests).toHaveLength(alerts.length * 4);
  });

  it('retries a timed-out publish and delivers it once', async () => {
    // Prepare: the first request for each alert hangs past the client's requestTimeout
    const alerts = makeAlerts(2);
    server = await startFaultEndpoint(perAlert(() => [{ hang: true }]));
    const sink = snsSink({ sns: clientFor(server.endpoint, 300), topicArn: TOPIC, retry: FAST });
    // Act
    await sink.send(alerts);
    // Assess
    expect(deliveredIds(server).sort()).toEqual(alerts.map((a) => a.id).sort());
    expect(server.requests).toHaveLength(4);
  });

  it('rejects naming every alert after exhausting SDK and sink retries, having tried each 6 times', async () => {
    // Prepare
    const alerts = makeAlerts(3);
    server = await startFaultEndpoint(() => snsError(400, 'Throttling', 'Rate exceeded'));
    const sink = snsSink({ sns: clientFor(server.endpoint), topicArn: TOPIC, retry: FAST });
    // Act
    const error = await sink.send(alerts).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(AlertDeliveryError);
    const delivery = error as AlertDeliveryError;
    expect([...delivery.undeliveredIds].sort()).toEqual(alerts.map((a) => a.id).sort());
    for (const alert of alerts) expect(delivery.message).toContain(alert.id);
    expect(delivery.undelivered.every((u) => u.errorCode === 'Throttling' && u.sink === 'sns')).toBe(true);
    expect(server.requests).toHaveLength(alerts.length * 2 * FAST.attempts);
    expect(deliveredIds(server)).toEqual([]);
  });

  it('does not retry a final error and still delivers the other alerts', async () => {
    // Prepare: alert-001 is refused with AuthorizationError (403)
    const alerts = makeAlerts(3);
    server = await startFaultEndpoint(
      perAlert((id) => (id === 'alert-001' ? [snsError(403, 'AuthorizationError', 'User is not authorized')] : []))
    );
    const sink = snsSink({ sns: clientFor(server.endpoint), topicArn: TOPIC, retry: FAST });
    // Act
    const error = await sink.send(alerts).catch((e: unknown) => e);
    // Assess
    expect((error as AlertDeliveryError).undeliveredIds).toEqual(['alert-001']);
    expect((error as AlertDeliveryError).undelivered[0]?.errorCode).toBe('AuthorizationError');
    expect(server.requests.filter((r) => r.alertIds[0] === 'alert-001')).toHaveLength(1);
    expect(deliveredIds(server).sort()).toEqual(['alert-000', 'alert-002']);
  });
});
