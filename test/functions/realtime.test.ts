import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS, loadEvent } from '../helpers/events.js';

const context = { awsRequestId: 'test-request', functionName: 'realtime' } as Context;

const captureStdout = () => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    spy,
    alerts: () =>
      lines
        .join('')
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{"id"'))
        .map((l) => JSON.parse(l) as Alert),
  };
};

describe('realtime handler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('alerts on an EventBridge CloudTrail event with the id the S3 path gives the same event', async () => {
    // Prepare
    const { handler } = await import('../../functions/realtime.js');
    const fromS3 = (await runCli(['detect', join(EVENTS, 'objects', 'example-trail-bucket'), '--per-file'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Alert)
      .find((a) => a.ruleId === 'cloudtrail-logging-stopped');
    const out = captureStdout();
    // Act
    await handler(await loadEvent('eventbridge-cloudtrail-stop-logging'), context);
    // Assess
    const realtime = out.alerts().find((a) => a.ruleId === 'cloudtrail-logging-stopped');
    expect(realtime?.id).toBeDefined();
    expect(realtime?.id).toBe(fromS3?.id);
    expect(realtime?.s3Key).toBeUndefined();
  });

  it('rejects a CloudTrail detail-type put on the bus with a custom source, and sends nothing', async () => {
    // Prepare
    const { handler } = await import('../../functions/realtime.js');
    const forged = { ...((await loadEvent('eventbridge-cloudtrail-stop-logging')) as object), source: 'my.app' };
    const out = captureStdout();
    // Act
    const invoking = handler(forged, context);
    // Assess
    await expect(invoking).rejects.toMatchObject({ name: 'ForgedEventError', source: 'my.app' });
    expect(out.alerts()).toEqual([]);
  });

  it('rejects an event that is not a CloudTrail event', async () => {
    // Prepare
    const { handler } = await import('../../functions/realtime.js');
    // Act
    const invoking = handler(await loadEvent('eventbridge-object-created'), context);
    // Assess
    await expect(invoking).rejects.toMatchObject({ name: 'UnknownEventError' });
  });
});
