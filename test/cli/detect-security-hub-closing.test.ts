/*
 * `trailwatch detect --security-hub` resolving the findings of incidents that closed. The imports
 * go to moto_server through the real SDK; BatchUpdateFindings, which moto 5.2.1 does not have
 * (moto/securityhub/responses.py), is answered by aws-sdk-client-mock and recorded
 * (test/helpers/securityhub-update-stub.ts): a stub only because no real implementation exists.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { encodeLogFile, logFileKey } from '../../tools/sample/generate-trail.js';
import { runCli } from '../helpers/cli.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { stubBatchUpdateFindings } from '../helpers/securityhub-update-stub.js';
import { record } from '../rules/helpers.js';

const ACCOUNT = '111122223333';
const T0 = Date.parse('2026-01-02T03:00:00Z');
const HOUR = 3_600_000;

/** A StopLogging call by IAM user `user` at `at` (ms). */
const stopLogging = (user: string, at: number): CloudTrailRecord =>
  record(
    {
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${user.toUpperCase()}EXAMPLE`,
        arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
        accountId: ACCOUNT,
        accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
        userName: user,
      },
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventTime: new Date(at).toISOString().replace('.000', ''),
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` },
    },
    `stop-${user}-${at}`
  );

/** Writes one log file per record, as CloudTrail names them, under `dir`. */
const writeTrail = (dir: string, records: CloudTrailRecord[]): void => {
  for (const r of records) {
    const at = Date.parse(r.eventTime ?? '');
    const path = join(dir, logFileKey(ACCOUNT, 'us-east-1', new Date(at + 300_000), `F${at}`));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodeLogFile([r]));
  }
};

const parse = (stdout: string): Alert[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Alert);

describe.skipIf(motoServerPath() === undefined)('trailwatch detect --security-hub closing incidents', () => {
  let moto: MotoServer;
  let dir: string;
  let stub: ReturnType<typeof stubBatchUpdateFindings>;
  const resolved = () => stub.resolved();
  beforeAll(async () => {
    stub = stubBatchUpdateFindings();
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'tw-closing-'));
  }, 60_000);
  afterAll(async () => {
    stub.restore();
    await moto?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    stub.forget();
    vi.stubEnv('AWS_ENDPOINT_URL_SECURITYHUB', moto.endpoint);
    vi.stubEnv('ALERT_SECURITY_HUB_ACCOUNT', ACCOUNT);
  });

  it('resolves exactly the incident that went quiet, once across runs sharing --state', async () => {
    // Prepare: alice stops logging once; bob at +30 h and +40 h, the run's latest eventTime
    const trail = join(dir, 'trail');
    const state = join(dir, 'state.json');
    writeTrail(trail, [
      stopLogging('alice', T0),
      stopLogging('bob', T0 + 30 * HOUR),
      stopLogging('bob', T0 + 40 * HOUR),
    ]);
    // Act
    const first = await runCli(['detect', trail, '--security-hub', '--state', state]);
    const afterFirst = resolved();
    stub.forget();
    const second = await runCli(['detect', trail, '--security-hub', '--state', state]);
    const afterSecond = resolved();
    // Assess
    const opened = parse(first.stdout).filter((a) => a.lifecycle === 'opened');
    const of = (user: string) =>
      opened
        .filter((a) => a.principal?.endsWith(`user/${user}`))
        .map((a) => a.incidentId ?? '')
        .sort();
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(of('alice').length).toBeGreaterThan(0);
    expect(of('bob').length).toBe(of('alice').length);
    expect([...afterFirst].sort()).toEqual(of('alice'));
    expect(first.stderr).toContain(`${of('alice').length} findings of closed incidents resolved`);
    expect(afterSecond).toEqual([]);
    expect(second.stdout).toBe('');
    const findings = (await new SecurityHubClient({ region: 'us-east-1' }).send(new GetFindingsCommand({}))).Findings;
    expect((findings as AwsSecurityFinding[]).map((f) => f.Id).sort()).toEqual([...of('alice'), ...of('bob')].sort());
  });

  it("resolves the closed incident's finding when a later match opens a new incident over it", async () => {
    // Prepare: carol twice, 30 hours apart: the second match opens a new incident over the first
    const trail = join(dir, 'reopened');
    writeTrail(trail, [stopLogging('carol', T0), stopLogging('carol', T0 + 30 * HOUR)]);
    // Act
    const run = await runCli(['detect', trail, '--security-hub']);
    // Assess
    const opened = parse(run.stdout).filter((a) => a.lifecycle === 'opened');
    const earlier = opened.filter((a) => a.firstSeen === new Date(T0).toISOString().replace('.000', ''));
    const later = opened.filter((a) => !earlier.includes(a));
    expect(run.code).toBe(0);
    expect(earlier.length).toBeGreaterThan(0);
    expect(later.map((a) => a.ruleId).sort()).toEqual(earlier.map((a) => a.ruleId).sort());
    expect([...resolved()].sort()).toEqual(earlier.map((a) => a.incidentId).sort());
  });

  it('prints the same lines without --security-hub, and resolves nothing', async () => {
    // Prepare
    const trail = join(dir, 'plain');
    writeTrail(trail, [stopLogging('dave', T0), stopLogging('erin', T0 + 40 * HOUR)]);
    // Act
    const withHub = await runCli(['detect', trail, '--security-hub']);
    stub.forget();
    const without = await runCli(['detect', trail]);
    // Assess
    expect(without.stdout).toBe(withHub.stdout);
    expect(resolved()).toEqual([]);
    expect(without.stderr).not.toContain('resolved');
  });
});
