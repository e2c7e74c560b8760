import { describe, expect, it } from 'vitest';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { AlertDraft } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { foldIntoIncidents, type IncidentFold } from '../../lib/pipelines/incidents.js';
import { stopLoggingCalls, trailStoppedEngine } from '../helpers/trail-stops.js';

const START = Date.parse('2026-01-02T03:00:00Z');
const now = () => new Date(START + 3_600_000);

const engine = trailStoppedEngine();

/** `count` StopLogging calls by `user`, a second apart from `second`. */
const stops = (user: string, count: number, second: number): CloudTrailRecord[] =>
  stopLoggingCalls(START, user, count, second);

const files = [
  { key: 'file-1', records: stops('alice', 3, 0) },
  { key: 'file-2', records: [...stops('alice', 8, 60), ...stops('bob', 1, 70)] },
  { key: 'file-3', records: stops('alice', 2, 120) },
];

/** A file's alerts as its detector builds them, or as drafts (each build noted in `builds`). */
const detect = (key: string, records: readonly CloudTrailRecord[], builds?: string[]) => {
  const ref = { bucket: 'trail-bucket', key };
  const detector = engine.detector(ref);
  const take = builds === undefined ? undefined : detector.deferAlerts?.({ s3Key: key, bucket: ref.bucket });
  records.forEach((r, i) => {
    detector.onRecord(viewOf(r, i));
  });
  const alerts = detector.finish().map((a) => ({ ...a, s3Key: key, bucket: ref.bucket }));
  if (take === undefined || builds === undefined) return alerts;
  return take().map(
    (d): AlertDraft => ({
      ...d,
      alert: () => {
        builds.push(`${key} ${d.dedupKey}`);
        return d.alert();
      },
    })
  );
};

describe('folding drafts into incidents', () => {
  it('decides what folding the built alerts decides, building only the alerts of incidents that open', async () => {
    // Prepare
    const builtStore = memoryIncidentStore(undefined, now);
    const draftStore = memoryIncidentStore(undefined, now);
    const builds: string[] = [];
    const folds: Array<[IncidentFold, IncidentFold]> = [];
    // Act
    for (const { key, records } of files) {
      const fromAlerts = await foldIntoIncidents(detect(key, records), key, { store: builtStore, now });
      const fromDrafts = await foldIntoIncidents(detect(key, records, builds), key, { store: draftStore, now });
      folds.push([fromAlerts, fromDrafts]);
      for (const [store, fold] of [
        [builtStore, fromAlerts],
        [draftStore, fromDrafts],
      ] as const)
        for (const n of fold.notifications) await store.markSent(n.key, n.incidentId, [n.alert.id]);
    }
    // Assess
    for (const [fromAlerts, fromDrafts] of folds) {
      expect(fromDrafts.notifications).toEqual(fromAlerts.notifications);
      expect(fromDrafts.incidents).toEqual(fromAlerts.incidents);
      expect(fromDrafts.counted).toBe(fromAlerts.counted);
      expect(fromDrafts.incidentOf.size).toBe(0);
    }
    expect(folds.map(([, d]) => [d.counted, d.notifications.map((n) => n.alert.lifecycle)])).toEqual([
      [3, ['opened']],
      [9, ['escalated', 'opened']],
      [2, []],
    ]);
    expect(builds).toEqual([
      expect.stringMatching(/^file-1 .*user\/alice/),
      expect.stringMatching(/^file-2 .*user\/bob/),
    ]);
    expect(draftStore.state()).toEqual(builtStore.state());
  });
});
