import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import { type MotoServer, motoServerPath, startMoto } from '../helpers/moto-server.js';
import { type LauncherRun, STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const SAMPLE = 'events/objects/example-trail-bucket';

/*
 * The CLI as users run it (the launcher and its esbuild bundle) loads the Security Hub client
 * (and the Organizations one, the same way) only when a run needs it. In-process tests run the
 * sources, where Node's import() of the SDK's CommonJS build gives its named exports; the bundle
 * must give them too, or every finding fails with "SecurityHubClient is not a constructor".
 */
describe.skipIf(motoServerPath() === undefined)('the bundled CLI with its lazily loaded Security Hub client', () => {
  let moto: MotoServer;
  let run: LauncherRun;

  beforeAll(async () => {
    moto = await startMoto();
    run = await spawnTrailwatch(['detect', SAMPLE, '--security-hub'], {
      env: { AWS_ENDPOINT_URL: moto.endpoint },
      timeoutMs: 120_000,
    });
  }, 180_000);
  afterAll(async () => moto?.close());

  it('imports a finding per incident into Security Hub (moto_server) and exits 0', async () => {
    // Prepare
    const notifications = run.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Alert);
    // Act
    const found = await new SecurityHubClient({ region: 'us-east-1', endpoint: moto.endpoint }).send(
      new GetFindingsCommand({ MaxResults: 100 })
    );
    // Assess
    expect(run.stderr).not.toMatch(/not a constructor|TypeError|not delivered/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.code).toBe(0);
    expect(notifications.length).toBeGreaterThan(0);
    const incidents = new Set(notifications.map((n) => n.incidentId ?? n.id));
    expect(found.Findings?.length).toBe(incidents.size);
    expect(run.stderr).toMatch(/sent to securityhub/);
  });
});
