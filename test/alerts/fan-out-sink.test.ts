import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertDeliveryError } from '../../lib/alerts/errors.js';
import { fanOutSink } from '../../lib/alerts/fan-out-sink.js';
import { emfMetrics } from '../../lib/metrics.js';
import type { Alert, AlertSink } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import { captureStdout, emfDocuments, sumOf } from '../helpers/emf.js';
import { makeAlerts } from './make-alert.js';

/** A sink that records what it was given, optionally failing some ids the way real sinks report it. */
const recording = (fail: (alert: Alert) => boolean = () => false) => {
  const received: string[] = [];
  const sink: AlertSink = {
    send: async (alerts) => {
      received.push(...alerts.map((a) => a.id));
      const failed = alerts.filter(fail);
      if (failed.length > 0) {
        throw new AlertDeliveryError(
          failed.map((a) => ({
            id: a.id,
            sink: 'inner',
            errorCode: 'ThrottlingException',
            errorMessage: 'Rate exceeded',
          })),
          alerts.length
        );
      }
    },
  };
  return { sink, received };
};

describe('fanOutSink', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('sends each route the alerts at or above its minimum severity', async () => {
    // Prepare: severities low, medium, high, critical, low, …
    const alerts = makeAlerts(8);
    const pager = recording();
    const archive = recording();
    // Act
    await fanOutSink([
      { name: 'sns', sink: pager.sink, minSeverity: 'high' },
      { name: 'eventbridge', sink: archive.sink },
    ]).send(alerts);
    // Assess
    expect(pager.received).toEqual(['alert-002', 'alert-003', 'alert-006', 'alert-007']);
    expect(archive.received).toEqual(alerts.map((a) => a.id));
  });

  it('still delivers to the other sinks when one fails, then names what each failed sink lost', async () => {
    // Prepare
    const alerts = makeAlerts(4);
    const broken = recording((a) => a.id === 'alert-001' || a.id === 'alert-003');
    const healthy = recording();
    const crashing: AlertSink = {
      send: async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
    };
    // Act
    const error = await fanOutSink([
      { name: 'sns', sink: broken.sink },
      { name: 'eventbridge', sink: healthy.sink },
      { name: 'webhook', sink: crashing, minSeverity: 'critical' },
    ])
      .send(alerts)
      .catch((e: unknown) => e);
    // Assess
    expect(healthy.received).toEqual(alerts.map((a) => a.id));
    expect(error).toBeInstanceOf(AlertDeliveryError);
    const delivery = error as AlertDeliveryError;
    expect(delivery.undelivered.map((u) => `${u.sink}:${u.id}:${u.errorCode}`)).toEqual([
      'sns:alert-001:ThrottlingException',
      'sns:alert-003:ThrottlingException',
      'webhook:alert-003:ECONNRESET',
    ]);
    expect([...delivery.undeliveredIds]).toEqual(['alert-001', 'alert-003']);
    expect(delivery.message).toBe(
      '2 of 4 alerts not delivered after retries: sns: alert-001 (ThrottlingException), alert-003 (ThrottlingException); webhook: alert-003 (ECONNRESET)'
    );
  });

  it('sends an id given twice once', async () => {
    // Prepare
    const [a, b] = makeAlerts(2);
    const archive = recording();
    // Act
    await fanOutSink([{ name: 'eventbridge', sink: archive.sink }]).send([a as Alert, b as Alert, a as Alert]);
    // Assess
    expect(archive.received).toEqual(['alert-000', 'alert-001']);
  });

  it('does not call a route no alert qualifies for', async () => {
    // Prepare
    const pager = recording();
    // Act
    await fanOutSink([{ name: 'sns', sink: pager.sink, minSeverity: 'critical' }]).send(makeAlerts(3));
    // Assess
    expect(pager.received).toEqual([]);
  });

  it('counts, per sink given alerts, those sent and those undelivered, in EMF lines', async () => {
    // Prepare: severities low, medium, high
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'trailwatch-test');
    const metrics = emfMetrics('ingest');
    const alerts = makeAlerts(3);
    const crashing: AlertSink = {
      send: async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
    };
    const sink = fanOutSink(
      [
        { name: 'sns', sink: recording((a) => a.id === 'alert-001').sink },
        { name: 'eventbridge', sink: recording().sink, minSeverity: 'medium' },
        { name: 'webhook', sink: crashing, minSeverity: 'high' },
        { name: 'pager', sink: recording().sink, minSeverity: 'critical' },
      ],
      undefined,
      metrics
    );
    // Act
    const { lines, error } = await captureStdout(() => metrics.flushAfter(() => sink.send(alerts)));
    // Assess
    expect(error).toBeInstanceOf(AlertDeliveryError);
    const counts = emfDocuments(lines).map((d) => [d.sink, sumOf(d, 'AlertsSent'), sumOf(d, 'AlertsUndelivered')]);
    expect(counts).toEqual([
      ['sns', 2, 1],
      ['eventbridge', 2, 0],
      ['webhook', 0, 1],
    ]);
  });

  describe('with stopAtDownDestination', () => {
    /** A sink that fails every alert with `errorCode`, counting its calls. */
    const down = (errorCode: string) => {
      let calls = 0;
      const sink: AlertSink = {
        send: async (alerts) => {
          calls++;
          throw new AlertDeliveryError(
            alerts.map((a) => ({ id: a.id, sink: 'inner', errorCode, errorMessage: `${errorCode} message` })),
            alerts.length
          );
        },
      };
      return { sink, calls: () => calls };
    };
    /** SNS and EventBridge routes fanned out to with stopAtDownDestination. */
    const stopping = (sns: AlertSink, eventbridge: AlertSink, log = silentLog) =>
      fanOutSink(
        [
          { name: 'sns', sink: sns },
          { name: 'eventbridge', sink: eventbridge },
        ],
        log,
        undefined,
        { stopAtDownDestination: true }
      );
    const failures = (sink: AlertSink, alerts: readonly Alert[]) =>
      sink.send(alerts).then(
        () => undefined,
        (e: unknown) => e as AlertDeliveryError
      );

    it.each(['ECONNREFUSED', 'ENOTFOUND', 'NotFound', 'InvalidClientTokenId'])(
      'calls a destination no more once a send failed every alert with %s, and keeps sending to the others',
      async (errorCode) => {
        // Prepare
        const [first, second, third] = makeAlerts(3) as [Alert, Alert, Alert];
        const sns = down(errorCode);
        const archive = recording();
        const logged: Array<[string, Record<string, unknown> | undefined]> = [];
        const log = {
          ...silentLog,
          error: (message: string, data?: Record<string, unknown>) => logged.push([message, data]),
        };
        const sink = stopping(sns.sink, archive.sink, log);
        // Act
        const firstSend = await failures(sink, [first]);
        const later = [await failures(sink, [second]), await failures(sink, [third])];
        // Assess
        expect(sns.calls()).toBe(1);
        expect(archive.received).toEqual([first.id, second.id, third.id]);
        expect(firstSend?.undelivered.map((u) => [u.id, u.errorCode, u.notTried])).toEqual([
          [first.id, errorCode, undefined],
        ]);
        expect(later.flatMap((e) => e?.undelivered ?? []).map((u) => [u.sink, u.id, u.errorCode, u.notTried])).toEqual([
          ['sns', second.id, errorCode, true],
          ['sns', third.id, errorCode, true],
        ]);
        expect(later[0]?.undelivered[0]?.errorMessage).toBe(
          `not sent: sns failed every alert of an earlier send in this run (${errorCode})`
        );
        // Logged once when given up, not once per later send.
        expect(logged.map(([message]) => message)).toEqual([
          'alert destination given up for this run',
          'alerts not delivered',
        ]);
      }
    );

    it('keeps calling a destination whose failures are the alerts’ own or only some of them', async () => {
      // Prepare
      const alerts = makeAlerts(4);
      const throttled = down('ThrottlingException');
      const partial = recording((a) => a.id === 'alert-001');
      const sink = stopping(throttled.sink, partial.sink);
      // Act
      await failures(sink, alerts.slice(0, 2));
      await failures(sink, alerts.slice(2));
      // Assess
      expect(throttled.calls()).toBe(2);
      expect(partial.received).toEqual(alerts.map((a) => a.id));
    });

    it('is off by default: every send calls every destination', async () => {
      // Prepare
      const refused = down('ECONNREFUSED');
      const sink = fanOutSink([{ name: 'sns', sink: refused.sink }]);
      // Act
      for (const alert of makeAlerts(3)) await failures(sink, [alert]);
      // Assess
      expect(refused.calls()).toBe(3);
    });
  });
});
