import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { runCli } from '../helpers/cli.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { stubBatchUpdateFindings } from '../helpers/securityhub-update-stub.js';
import { ACCOUNT, writeQuietAccountTrail } from '../helpers/quiet-account.js';

const parse = (stdout: string): Alert[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

const SEVERITY_LABELS = { info: 'INFORMATIONAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' };

describe.skipIf(motoServerPath() === undefined)('trailwatch detect --security-hub into moto_server', () => {
  let moto: MotoServer;
  let dir: string;
  let notifications: Alert[];
  let code: number;
  let stderr: string;
  let findings: AwsSecurityFinding[];
  let resolved: string[];

  beforeAll(async () => {
    // The incidents that close by the trail's end are resolved with BatchUpdateFindings, which
    // moto lacks: stubbed (the imports still go to moto).
    const stub = stubBatchUpdateFindings();
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'tw-securityhub-'));
    writeQuietAccountTrail(dir);
    vi.stubEnv('AWS_ENDPOINT_URL_SECURITYHUB', moto.endpoint);
    const run = await runCli(['detect', dir, '--security-hub']);
    vi.unstubAllEnvs();
    resolved = stub.resolved();
    stub.restore();
    ({ code, stderr } = run);
    notifications = parse(run.stdout);
    const client = new SecurityHubClient({ region: 'us-east-1', endpoint: moto.endpoint });
    findings = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new GetFindingsCommand({ MaxResults: 100, NextToken }));
      findings.push(...(page.Findings ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
  }, 300_000);
  afterAll(async () => {
    await moto?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves one finding per incident and exits 0', () => {
    // Prepare
    const incidents = new Set(notifications.map((n) => n.incidentId ?? n.id));
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain('sent to securityhub');
    expect(notifications.length).toBeGreaterThan(incidents.size);
    expect(findings.map((f) => f.Id).sort()).toEqual([...incidents].sort());
  });

  it('resolves, once each, only findings it imported', () => {
    // Assess
    const ids = new Set(findings.map((f) => f.Id));
    expect(resolved.length).toBeGreaterThan(0);
    expect(new Set(resolved).size).toBe(resolved.length);
    expect(resolved.filter((id) => !ids.has(id))).toEqual([]);
  });

  it("holds each incident's latest notification, escalations updating in place", () => {
    // Prepare: the last notification of each incident, in the order they were printed
    const latest = new Map(notifications.map((n) => [n.incidentId ?? n.id, n]));
    // Assess
    for (const finding of findings) {
      const last = latest.get(finding.Id ?? '') as Alert;
      expect(finding).toMatchObject({
        SchemaVersion: '2018-10-08',
        ProductArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`,
        AwsAccountId: ACCOUNT,
        GeneratorId: last.ruleId,
        Title: last.title,
        CreatedAt: last.firstSeen,
        FirstObservedAt: last.firstSeen,
        LastObservedAt: last.lastSeen,
        Severity: { Label: SEVERITY_LABELS[last.severity], Original: last.severity },
        ProductFields: expect.objectContaining({
          'trailwatch/count': String(last.count),
          'trailwatch/alertId': last.id,
          ...(last.lifecycle !== undefined && { 'trailwatch/lifecycle': last.lifecycle }),
        }),
      });
      expect(finding.Resources?.length).toBeGreaterThan(0);
      expect(finding.Types?.length).toBeGreaterThan(0);
    }
  });

  it("keeps the delivery service's incident, opened and escalated four times, as one finding counting past 10,000", () => {
    // Prepare
    const delivery = notifications.filter((n) => n.sample?.userIdentity?.invokedBy === 'delivery.logs.amazonaws.com');
    const incidentId = delivery[0]?.incidentId;
    // Act
    const mine = findings.filter((f) => f.Id === incidentId);
    // Assess
    expect(delivery).toHaveLength(5);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.ProductFields).toMatchObject({
      'trailwatch/lifecycle': 'escalated',
      'trailwatch/escalation': '10000',
    });
    expect(Number(mine[0]?.ProductFields?.['trailwatch/count'])).toBeGreaterThanOrEqual(10_000);
  });
});
