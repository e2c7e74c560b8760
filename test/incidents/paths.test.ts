import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIncidentStore } from '../../lib/incidents/memory-store.js';
import type { Alert } from '../../lib/model/alert.js';
import { noMetrics } from '../../lib/model/metrics.js';
import { foldIntoIncidents } from '../../lib/pipelines/incidents.js';
import { evaluateEventBridgeRecord } from '../../lib/pipelines/realtime.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS, loadEvent } from '../helpers/events.js';

const NOW = () => new Date('2026-01-03T00:00:00Z');
const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

describe('incidents across paths', () => {
  it('lets the realtime path open an incident early without counting, and the S3 path fold into it without a second opening', async () => {
    // Prepare
    const store = memoryIncidentStore(undefined, NOW);
    const sent: Alert[] = [];
    const sink = { send: async (alerts: readonly Alert[]) => void sent.push(...alerts) };
    const engine = new RuleEngine(loadRuleSet({ dirs: [], disabled: [] }).rules);
    await evaluateEventBridgeRecord(await loadEvent('eventbridge-cloudtrail-stop-logging'), {
      engine,
      sink,
      log: silent,
      metrics: noMetrics,
      incidents: store,
      now: NOW,
    });
    const early = sent.find((a) => a.ruleId === 'cloudtrail-logging-stopped');
    const perFile = (await runCli(['detect', join(EVENTS, 'objects', 'example-trail-bucket'), '--per-file'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Alert);
    const files = new Map<string, Alert[]>();
    for (const alert of perFile) files.set(alert.s3Key ?? '', [...(files.get(alert.s3Key ?? '') ?? []), alert]);
    // Act
    const later: Alert[] = [];
    for (const [key, alerts] of files) {
      const fold = await foldIntoIncidents(alerts, key, { store, now: NOW });
      later.push(...fold.notifications.map((n) => n.alert));
    }
    // Assess
    expect(early).toMatchObject({ lifecycle: 'opened', count: 0 });
    expect(later.some((a) => a.incidentId === early?.incidentId)).toBe(false);
    const incident = Object.values(store.state().incidents).find((i) => i.incidentId === early?.incidentId);
    expect(incident?.count).toBe(1);
  });
});
