import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emfMetrics } from '../../lib/metrics.js';
import { FUNCTION_METRICS, METRIC_DIMENSIONS, METRICS_NAMESPACE, SINK_METRICS } from '../../lib/model/metrics.js';
import { captureStdout, emfDocuments, unitsOf, valuesOf } from '../helpers/emf.js';

describe('emfMetrics', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'trailwatch-test');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('writes one EMF line for the function and one per sink, each with its own dimensions and units', async () => {
    // Prepare
    const metrics = emfMetrics('ingest');
    // Act
    const { lines } = await captureStdout(async () => {
      metrics.add('FilesProcessed', 1);
      metrics.add('FilesProcessed', 1);
      metrics.add('Lag', 312.5);
      metrics.addForSink('sns', 'AlertsSent', 3);
      metrics.addForSink('eventbridge', 'AlertsUndelivered', 2);
      metrics.flush();
    });
    // Assess
    const docs = emfDocuments(lines);
    expect(docs).toHaveLength(3);
    expect(lines).toHaveLength(3);
    const [own, sns, bus] = docs;
    expect(own?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [[...METRIC_DIMENSIONS.function]],
        Metrics: [
          { Name: 'FilesProcessed', Unit: 'Count' },
          { Name: 'Lag', Unit: 'Seconds' },
        ],
      },
    ]);
    expect(own).toMatchObject({ service: 'trailwatch-test', function: 'ingest' });
    expect(valuesOf(own, 'FilesProcessed')).toEqual([1, 1]);
    expect(valuesOf(own, 'Lag')).toEqual([312.5]);
    expect(sns?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([[...METRIC_DIMENSIONS.sink]]);
    expect(sns).toMatchObject({ service: 'trailwatch-test', sink: 'sns', AlertsSent: 3 });
    expect(bus).toMatchObject({ service: 'trailwatch-test', sink: 'eventbridge', AlertsUndelivered: 2 });
    expect(unitsOf(bus as (typeof docs)[number])).toEqual({ AlertsUndelivered: SINK_METRICS.AlertsUndelivered.unit });
  });

  it('flushes what an invocation counted when it throws, then rethrows', async () => {
    // Prepare
    const metrics = emfMetrics('verify');
    // Act
    const { lines, error } = await captureStdout(() =>
      metrics.flushAfter(async () => {
        metrics.add('DigestsVerified', 1);
        metrics.addForSink('sns', 'AlertsUndelivered', 4);
        throw new Error('sns down');
      })
    );
    // Assess
    expect(error).toMatchObject({ message: 'sns down' });
    const docs = emfDocuments(lines);
    expect(docs.map((d) => [d.function ?? d.sink, unitsOf(d)])).toEqual([
      ['verify', { DigestsVerified: FUNCTION_METRICS.DigestsVerified.unit }],
      ['sns', { AlertsUndelivered: 'Count' }],
    ]);
  });

  it('starts each invocation empty and writes nothing when nothing was counted', async () => {
    // Prepare
    const metrics = emfMetrics('heartbeat');
    await captureStdout(() => metrics.flushAfter(async () => metrics.add('Records', 5)));
    // Act
    const { lines } = await captureStdout(() => metrics.flushAfter(async () => 'nothing counted'));
    // Assess
    expect(lines).toEqual([]);
  });

  it('writes nothing with POWERTOOLS_METRICS_DISABLED=true', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const metrics = emfMetrics('ingest');
    // Act
    const { lines } = await captureStdout(() => metrics.flushAfter(async () => metrics.add('FilesProcessed', 1)));
    // Assess
    expect(lines).toEqual([]);
  });
});
