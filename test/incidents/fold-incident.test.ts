import { describe, expect, it } from 'vitest';
import { contributionsOf } from '../../lib/incidents/contributions.js';
import {
  closeIfQuiet,
  closingId,
  DEFAULT_QUIET_MS,
  foldIncident,
  incidentKey,
  notificationId,
  thresholdReached,
} from '../../lib/incidents/fold-incident.js';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import { foldIntoIncidents } from '../../lib/pipelines/incidents.js';

const NOW = () => new Date('2026-01-03T00:00:00Z');

/** A detection alert as a file's alert groups make it. */
const detection = (overrides: Partial<Alert> & { key?: string } = {}): Alert => {
  const { key = '111122223333|arn:aws:iam::111122223333:user/alice', ...rest } = overrides;
  return {
    id: `a-${rest.firstSeen ?? '2026-01-02T03:00:00Z'}`,
    category: 'detection',
    ruleId: 'iam-user-created',
    title: 'IAM user created',
    severity: 'medium',
    tags: ['attack.persistence', 'attack.t1136.003'],
    count: 1,
    firstSeen: '2026-01-02T03:00:00Z',
    lastSeen: '2026-01-02T03:00:00Z',
    eventIds: ['e1'],
    details: { dedupKey: key },
    ...rest,
  };
};

const one = (alert: Alert) => {
  const c = contributionsOf([alert], { counts: true }).contributions[0];
  if (c === undefined) throw new Error('no contribution');
  return c;
};

describe('thresholdReached', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 10],
    [99, 10],
    [100, 100],
    [12_345, 10_000],
  ])('gives %i → %i', (count, threshold) => {
    expect(thresholdReached(count)).toBe(threshold);
  });
});

describe('foldIncident', () => {
  it('opens an incident with one opened step whose id is sha256(incidentId ␀ opened ␀ threshold)', () => {
    // Act
    const { next, step } = foldIncident(undefined, one(detection()), NOW().getTime());
    // Assess
    expect(next.count).toBe(1);
    expect(step?.lifecycle).toBe('opened');
    expect(step?.id).toBe(notificationId(next.incidentId, 'opened', 0));
    expect(next.incidentId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('joins later matches, keeps the id and decides one escalation naming the highest threshold crossed', () => {
    // Prepare
    const opened = foldIncident(undefined, one(detection({ count: 5 })), NOW().getTime()).next;
    // Act
    const joined = foldIncident(
      opened,
      one(
        detection({ count: 120, firstSeen: '2026-01-02T04:00:00Z', lastSeen: '2026-01-02T05:00:00Z', eventIds: ['e9'] })
      ),
      NOW().getTime()
    );
    // Assess
    expect(joined.next.incidentId).toBe(opened.incidentId);
    expect(joined.next.count).toBe(125);
    expect(joined.step).toMatchObject({ lifecycle: 'escalated', escalation: 100 });
    expect(joined.next.lastSeen).toBe('2026-01-02T05:00:00Z');
    expect(joined.next.eventIds).toEqual(['e1', 'e9']);
  });

  it('moves firstSeen and eventIDs for an earlier event that arrives later, never the id', () => {
    // Prepare
    const opened = foldIncident(undefined, one(detection()), NOW().getTime()).next;
    // Act
    const { next, step } = foldIncident(
      opened,
      one(detection({ firstSeen: '2026-01-02T01:00:00Z', lastSeen: '2026-01-02T01:00:00Z', eventIds: ['e0'] })),
      NOW().getTime()
    );
    // Assess
    expect({ id: next.incidentId, firstSeen: next.firstSeen, eventIds: next.eventIds, step }).toEqual({
      id: opened.incidentId,
      firstSeen: '2026-01-02T01:00:00Z',
      eventIds: ['e0', 'e1'],
      step: undefined,
    });
  });

  it('opens a new incident once the quiet period has passed without a match, by eventTime', () => {
    // Prepare
    const opened = foldIncident(undefined, one(detection()), NOW().getTime()).next;
    const later = new Date(Date.parse(opened.lastSeen) + DEFAULT_QUIET_MS + 1000).toISOString();
    // Act
    const { next, step } = foldIncident(
      opened,
      one(detection({ firstSeen: later, lastSeen: later, eventIds: ['e2'] })),
      NOW().getTime()
    );
    // Assess
    expect(next.incidentId).not.toBe(opened.incidentId);
    expect(step?.lifecycle).toBe('opened');
    expect(next.count).toBe(1);
  });

  it('decides an escalation when the severity rises, with an id of its own', () => {
    // Prepare
    const opened = foldIncident(undefined, one(detection()), NOW().getTime()).next;
    // Act
    const { step } = foldIncident(opened, one(detection({ severity: 'critical', eventIds: ['e5'] })), NOW().getTime());
    // Assess
    expect(step).toMatchObject({ lifecycle: 'escalated', severity: 'critical', escalation: 0 });
    expect(step?.id).toBe(notificationId(opened.incidentId, 'escalated', 'critical'));
  });
});

describe('closing', () => {
  const at = (ms: number) => new Date(ms).toISOString();
  const opened = () => foldIncident(undefined, one(detection()), NOW().getTime()).next;
  const quietEnd = (incident: ReturnType<typeof opened>) => Date.parse(incident.lastSeen) + incident.quietMs;

  it('closes an incident once the watermark is past lastSeen plus its quiet period, and only once', () => {
    // Prepare
    const incident = opened();
    // Act
    const early = closeIfQuiet(incident, quietEnd(incident));
    const closed = closeIfQuiet(incident, quietEnd(incident) + 1);
    const again = closed && closeIfQuiet(closed, quietEnd(incident) + 3_600_000);
    // Assess
    expect(early).toBeUndefined();
    expect(closed?.closings).toEqual([
      {
        id: closingId(incident.incidentId),
        incidentId: incident.incidentId,
        ruleId: 'iam-user-created',
        severity: 'medium',
        lastSeen: incident.lastSeen,
        quietMs: DEFAULT_QUIET_MS,
        closedAt: at(quietEnd(incident)),
        sent: false,
      },
    ]);
    expect(closed?.version).toBe(incident.version + 1);
    expect(again).toBeUndefined();
  });

  it("carries a quiet incident's closing into the new incident that overwrites it", () => {
    // Prepare
    const first = opened();
    const later = at(quietEnd(first) + 1000);
    // Act
    const { next } = foldIncident(
      first,
      one(detection({ firstSeen: later, lastSeen: later, eventIds: ['e2'] })),
      NOW().getTime()
    );
    // Assess
    expect(next.incidentId).not.toBe(first.incidentId);
    expect(next.closings).toEqual([closeIfQuiet(first, Number.POSITIVE_INFINITY)?.closings?.[0]]);
  });

  it('carries the closings an overwritten incident held unsent, and not the sent ones, each once', () => {
    // Prepare: a first incident closed and overwritten by a second, whose own closing is decided
    const first = opened();
    const secondAt = quietEnd(first) + 1000;
    const second = foldIncident(
      first,
      one(detection({ firstSeen: at(secondAt), lastSeen: at(secondAt), eventIds: ['e2'] })),
      NOW().getTime()
    ).next;
    const closedSecond = closeIfQuiet(second, Number.POSITIVE_INFINITY);
    if (closedSecond === undefined) throw new Error('not closed');
    const thirdAt = quietEnd(second) + 1000;
    const third = (held: typeof closedSecond) =>
      foldIncident(
        held,
        one(detection({ firstSeen: at(thirdAt), lastSeen: at(thirdAt), eventIds: ['e3'] })),
        NOW().getTime()
      ).next;
    // Act
    const unsent = third(closedSecond);
    const sent = third({ ...closedSecond, closings: closedSecond.closings?.map((c) => ({ ...c, sent: true })) });
    // Assess
    expect(unsent.closings?.map((c) => c.incidentId)).toEqual([first.incidentId, second.incidentId]);
    expect(sent.closings).toBeUndefined();
  });

  it('carries no closing into an incident that joins, nor after the store expired the old one', () => {
    // Prepare
    const first = opened();
    const later = at(quietEnd(first) + 1000);
    // Act
    const joined = foldIncident(first, one(detection({ eventIds: ['e2'] })), NOW().getTime()).next;
    const afterExpiry = foldIncident(
      first,
      one(detection({ firstSeen: later, lastSeen: later, eventIds: ['e2'] })),
      first.expiresAt * 1000
    ).next;
    // Assess
    expect(joined.closings).toBeUndefined();
    expect(afterExpiry.closings).toBeUndefined();
  });
});

describe('contributionsOf', () => {
  it('folds a file’s windows of one cause together and leaves other findings one-off', () => {
    // Prepare
    const digest: Alert = { ...detection(), category: 'integrity', ruleId: 'digest-signature-mismatch', id: 'd1' };
    // Act
    const { contributions, oneOff } = contributionsOf(
      [
        detection({ count: 2 }),
        detection({ id: 'a2', count: 3, firstSeen: '2026-01-02T05:00:00Z', lastSeen: '2026-01-02T05:10:00Z' }),
        digest,
      ],
      { counts: true }
    );
    // Assess
    expect(contributions.map((c) => ({ key: c.key, count: c.count, lastSeen: c.lastSeen }))).toEqual([
      {
        key: incidentKey('iam-user-created', '111122223333|arn:aws:iam::111122223333:user/alice'),
        count: 5,
        lastSeen: '2026-01-02T05:10:00Z',
      },
    ]);
    expect(oneOff).toEqual([digest]);
  });
});

describe('foldIntoIncidents', () => {
  const files = Array.from({ length: 12 }, (_, i) => ({
    source: `bucket/file-${i}`,
    alerts: [
      detection({
        id: `f${i}`,
        count: 1 + (i % 3),
        firstSeen: `2026-01-02T${String(i).padStart(2, '0')}:00:00Z`,
        lastSeen: `2026-01-02T${String(i).padStart(2, '0')}:04:00Z`,
        eventIds: [`e${String(i).padStart(2, '0')}`],
      }),
      detection({
        id: `g${i}`,
        key: `111122223333|arn:aws:iam::111122223333:user/bob${i % 2}`,
        firstSeen: `2026-01-02T${String(i).padStart(2, '0')}:01:00Z`,
        lastSeen: `2026-01-02T${String(i).padStart(2, '0')}:01:00Z`,
        eventIds: [`b${i}`],
      }),
    ],
  }));

  const run = async (order: readonly number[]) => {
    const store = memoryIncidentStore(undefined, NOW);
    const notifications: Alert[] = [];
    for (const i of order) {
      const file = files[i] as (typeof files)[number];
      const fold = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
      notifications.push(...fold.notifications.map((n) => n.alert));
      for (const n of fold.notifications) await store.markSent(n.key, n.incidentId, [n.alert.id]);
    }
    const state = store.state();
    return {
      incidents: Object.values(state.incidents)
        .map((i) => ({
          ruleId: i.ruleId,
          dedupKey: i.dedupKey,
          count: i.count,
          firstSeen: i.firstSeen,
          lastSeen: i.lastSeen,
        }))
        .sort((a, b) => a.dedupKey.localeCompare(b.dedupKey)),
      notifications,
    };
  };

  it('gives the same incidents and counts whatever the file order', async () => {
    // Prepare
    const forward = files.map((_, i) => i);
    const permutations = [forward, [...forward].reverse(), [5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6]];
    // Act
    const results = await Promise.all(permutations.map((order) => run(order)));
    // Assess
    expect(results[0]?.incidents).toEqual([
      expect.objectContaining({ dedupKey: '111122223333|arn:aws:iam::111122223333:user/alice', count: 24 }),
      expect.objectContaining({ dedupKey: '111122223333|arn:aws:iam::111122223333:user/bob0', count: 6 }),
      expect.objectContaining({ dedupKey: '111122223333|arn:aws:iam::111122223333:user/bob1', count: 6 }),
    ]);
    expect(results[1]?.incidents).toEqual(results[0]?.incidents);
    expect(results[2]?.incidents).toEqual(results[0]?.incidents);
  });

  it('notifies on opening and escalation only, never once per file', async () => {
    // Act
    const { notifications } = await run(files.map((_, i) => i));
    // Assess: alice opens and crosses 10; bob0 and bob1 open
    expect(notifications.map((n) => `${n.details?.dedupKey}:${n.lifecycle}:${n.escalation}`)).toEqual([
      '111122223333|arn:aws:iam::111122223333:user/alice:opened:0',
      '111122223333|arn:aws:iam::111122223333:user/bob0:opened:0',
      '111122223333|arn:aws:iam::111122223333:user/bob1:opened:0',
      '111122223333|arn:aws:iam::111122223333:user/alice:escalated:10',
    ]);
    expect(new Set(notifications.map((n) => n.id)).size).toBe(4);
  });

  it('changes nothing for a file folded in before and gives back its decided, unsent notifications', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, NOW);
    const file = files[0] as (typeof files)[number];
    const first = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
    // Act: the sink failed, so nothing was marked sent; the file is retried
    const retry = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
    // Assess
    expect(retry.notifications.map((n) => n.alert.id)).toEqual(first.notifications.map((n) => n.alert.id));
    expect(Object.values(store.state().incidents).map((i) => i.count)).toEqual([1, 1]);
  });

  it('sends nothing on a retry once the notifications were marked sent', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, NOW);
    const file = files[0] as (typeof files)[number];
    const first = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
    for (const n of first.notifications) await store.markSent(n.key, n.incidentId, [n.alert.id]);
    // Act
    const retry = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
    // Assess
    expect(retry.notifications).toEqual([]);
  });

  it('names each alert’s incident', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, NOW);
    const file = files[0] as (typeof files)[number];
    // Act
    const fold = await foldIntoIncidents(file.alerts, file.source, { store, now: NOW });
    // Assess
    expect([...fold.incidentOf.keys()]).toEqual(['f0', 'g0']);
    expect(new Set(fold.incidentOf.values()).size).toBe(2);
  });
});

describe('a rule’s own quiet period', () => {
  it('closes the rule’s incidents after its `quiet` instead of 24 hours', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, NOW);
    const quietMs = (ruleId: string) => (ruleId === 'iam-user-created' ? 3600_000 : undefined);
    await foldIntoIncidents([detection()], 'bucket/a', { store, now: NOW, quietMs });
    // Act: two hours later, inside the default 24 hours but past the rule's hour
    const later = await foldIntoIncidents(
      [detection({ id: 'b', firstSeen: '2026-01-02T05:00:00Z', lastSeen: '2026-01-02T05:00:00Z', eventIds: ['e7'] })],
      'bucket/b',
      { store, now: NOW, quietMs }
    );
    // Assess
    expect(later.notifications.map((n) => n.alert.lifecycle)).toEqual(['opened']);
  });
});

describe('parsed times', () => {
  it('parses each contribution time once, in contributionsOf, as the windows of a source join', () => {
    // Prepare: two windows of one cause, the second earlier and later; a third cause without a time
    const alerts = [
      detection({ id: 'a', firstSeen: '2026-01-02T03:00:00Z', lastSeen: '2026-01-02T03:05:00.500Z' }),
      detection({ id: 'b', firstSeen: '2026-01-02T02:59:59Z', lastSeen: '2026-01-02T03:10:00Z' }),
      detection({ id: 'c', firstSeen: '', lastSeen: '', key: 'other' }),
    ];
    // Act
    const { contributions } = contributionsOf(alerts, { counts: true });
    // Assess
    expect(contributions.map((c) => [c.firstSeen, c.firstSeenMs, c.lastSeen, c.lastSeenMs])).toEqual([
      [
        '2026-01-02T02:59:59Z',
        Date.parse('2026-01-02T02:59:59Z'),
        '2026-01-02T03:10:00Z',
        Date.parse('2026-01-02T03:10:00Z'),
      ],
      ['', 0, '', 0],
    ]);
  });

  it('folds by the parsed times as by the texts', () => {
    // Prepare: a clock before the matches, so that expiry follows lastSeen
    const nowMs = Date.parse('2026-01-02T00:00:00Z');
    const c = one(detection({ firstSeen: '2026-01-02T03:00:00Z', lastSeen: '2026-01-02T03:05:00.500Z' }));
    const texts = { ...c, firstSeenMs: undefined, lastSeenMs: undefined };
    const stored = foldIncident(undefined, one(detection({ firstSeen: '2026-01-02T02:00:00Z' })), nowMs).next;
    // Act
    const opened = foldIncident(undefined, c, nowMs);
    const joined = foldIncident(stored, c, nowMs);
    // Assess
    expect(opened).toEqual(foldIncident(undefined, texts, nowMs));
    expect(joined).toEqual(foldIncident(stored, texts, nowMs));
    expect(opened.next.expiresAt).toBe(
      Math.ceil((Date.parse('2026-01-02T03:05:00.500Z') + DEFAULT_QUIET_MS + 7 * 24 * 3_600_000) / 1000)
    );
  });
});
