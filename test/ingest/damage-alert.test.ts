import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCloudTrailKey } from '../../lib/cloudtrail/parse-key.js';
import { damageTime, NO_DAMAGE_TIME } from '../../lib/ingest/damage-alert.js';
import { processLogStream } from '../../lib/ingest/process-log.js';
import type { Alert } from '../../lib/model/alert.js';
import { silentLog } from '../../lib/model/log.js';
import type { ObjectRef } from '../../lib/model/object-ref.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { encodeLogFile } from '../../tools/sample/generate-trail.js';
import { REF, someRecords } from '../helpers/log-files.js';

/** The file's damage alert, the last of its summary's alerts. */
const damageAlertOf = (summary: FileSummary): Alert => {
  const alert = summary.alerts.at(-1);
  expect(alert?.ruleId).toBe('log-file-damaged');
  return alert as Alert;
};

/** Reads `body` as `ref` with the clock at `iso`. */
const read = (body: Buffer, ref: ObjectRef, iso: string) =>
  processLogStream(body, ref, { log: silentLog, now: () => new Date(iso) });

describe('damageTime', () => {
  const key = parseCloudTrailKey(REF.key);

  it.each([
    ['the latest eventTime read', '2026-01-02T03:04:05Z', key, { time: '2026-01-02T03:04:05Z', source: 'event-time' }],
    [
      'the delivery time in the key when no record was read',
      undefined,
      key,
      { time: '2026-01-02T03:10:00Z', source: 'key-time' },
    ],
    [
      'the delivery time in the key when the eventTime is not a time',
      'yesterday',
      key,
      { time: '2026-01-02T03:10:00Z', source: 'key-time' },
    ],
    ['the Unix epoch with neither', undefined, undefined, { time: NO_DAMAGE_TIME, source: 'none' }],
  ])('gives %s', (_name, lastEventTime, parsed, expected) => {
    // Act
    const at = damageTime(lastEventTime, parsed);
    // Assess
    expect(at).toEqual(expected);
  });
});

describe('processLogStream on a damaged file', () => {
  it('sees the damage alert at the latest eventTime read before the damage, whatever the clock', async () => {
    // Prepare: a file cut in half, read at two different times
    const records = someRecords(200);
    const gz = encodeLogFile(records);
    const cut = gz.subarray(0, gz.length >> 1);
    // Act
    const first = await read(cut, REF, '2026-05-01T00:00:00Z');
    const second = await read(cut, REF, '2026-06-01T12:34:56Z');
    // Assess
    expect(first.status).toBe('damaged');
    expect(first.records).toBeGreaterThan(0);
    expect(first.records).toBeLessThan(200);
    const latest = records
      .slice(0, first.records)
      .map((r) => r.eventTime)
      .sort()
      .at(-1);
    expect(damageAlertOf(first)).toMatchObject({
      firstSeen: latest,
      lastSeen: latest,
      details: { reason: 'truncated-gzip', recordsRead: first.records, timeSource: 'event-time' },
    });
    expect(first.processedAt).toBe('2026-05-01T00:00:00.000Z');
    expect(damageAlertOf(second)).toEqual(damageAlertOf(first));
  });

  it('sees the damage alert at the delivery time in the key when no record was read', async () => {
    // Act
    const summary = await read(gzipSync(Buffer.from('{"Records":[{"eventTime": tr')), REF, '2026-05-01T00:00:00Z');
    // Assess
    expect(summary.records).toBe(0);
    expect(damageAlertOf(summary)).toMatchObject({
      firstSeen: '2026-01-02T03:10:00Z',
      lastSeen: '2026-01-02T03:10:00Z',
      details: { reason: 'invalid-json', timeSource: 'key-time' },
    });
  });

  it('sees the damage alert at the Unix epoch for a file with no CloudTrail name and no record', async () => {
    // Act
    const summary = await read(Buffer.alloc(0), { bucket: 'local', key: 'renamed.json.gz' }, '2026-05-01T00:00:00Z');
    // Assess
    expect(damageAlertOf(summary)).toMatchObject({
      firstSeen: NO_DAMAGE_TIME,
      lastSeen: NO_DAMAGE_TIME,
      details: { reason: 'empty', timeSource: 'none' },
    });
  });
});
