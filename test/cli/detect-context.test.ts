import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { encodeLogFile, logFileKey } from '../../tools/sample/generate-trail.js';
import { runTrailwatch } from '../helpers/run-cli.js';
import { STACK_LINE, spawnTrailwatch } from '../helpers/spawn-trailwatch.js';

const ACCOUNT = '111122223333';
const RULE = 'workload-credentials-used-outside-aws';
const CASES = 'lib/rules/pack/sts/workload-credentials-used-outside-aws.cases.json';

describe('trailwatch detect with the offline IP context', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-context-'));
    const cases = JSON.parse(await readFile(CASES, 'utf8')) as Array<{ record: CloudTrailRecord }>;
    const records = cases.map((c) => c.record);
    // One record whose sourceIPAddress is no address: counted, never an error.
    const broken = { ...(records[0] as CloudTrailRecord), sourceIPAddress: 'not-an-address', eventID: 'broken-ip' };
    for (const [i, body] of [records.slice(0, 3), records.slice(3), [broken]].entries()) {
      const path = join(dir, logFileKey(ACCOUNT, 'us-east-1', new Date(Date.UTC(2026, 2, 10, 9, i)), `C${i}`));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, encodeLogFile(body));
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('gives every alert context.sourceIPAddress, the same with one thread and with workers sharing the data', async () => {
    const one = await runTrailwatch(['detect', dir, '--format', 'jsonl', '--per-file', '--workers', '1']);
    const three = await runTrailwatch(['detect', dir, '--format', 'jsonl', '--per-file', '--workers', '3']);

    const alerts = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Alert);
    expect(three.stdout).toBe(one.stdout);
    const fired = alerts
      .filter((a) => a.ruleId === RULE)
      .map((a) => [a.sourceIPAddress, a.context?.sourceIPAddress] as const)
      .sort(([x], [y]) => String(x).localeCompare(String(y)));
    expect(fired).toEqual([
      [
        '193.0.6.139',
        {
          kind: 'public',
          asn: 3333,
          org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)',
          country: 'NL',
          aws: false,
        },
      ],
      ['2001:67c:2e8:22::c100:68b', expect.objectContaining({ asn: 3333, country: 'NL', aws: false })],
      ['9.9.9.9', expect.objectContaining({ kind: 'public', asn: 19281, org: 'Quad9', aws: false })],
    ]);
    expect(alerts.every((a) => a.sourceIPAddress === undefined || a.context?.sourceIPAddress !== undefined)).toBe(true);
  });

  it('shows where each call came from in the table', async () => {
    const run = await runTrailwatch(['detect', dir, '--format', 'table', '--per-file']);

    expect(run.stdout).toContain('where / who / from');
    expect(run.stdout).toMatch(/workload-credentials-used-outside-aws .* 193\.0\.6\.139 AS3333 NL$/m);
    expect(run.stdout).toMatch(/ 9\.9\.9\.9 AS19281 \S+$/m);
  });

  it('counts a sourceIPAddress that is no address, and carries on', async () => {
    const run = await runTrailwatch(['detect', dir, '--format', 'jsonl', '--per-file']);

    expect(run.rc).toBe(0);
    expect(run.stderr).toContain(
      'trailwatch detect: 1 record read by rules had a sourceIPAddress that is no address (context kind invalid)'
    );
  });

  it('exits 2 with one line naming a missing database, and no stack trace', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-ip-data-'));
    try {
      const run = await spawnTrailwatch(['detect', dir], { env: { TRAILWATCH_IP_DATA_DIR: empty } });

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `trailwatch detect: IP database ${join(empty, 'asn.bin')}: missing; build it with npm run build:ip-data (docs/context.md)\n`
      );
      expect(run.stderr).not.toMatch(STACK_LINE);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 naming a corrupt database', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'bad-ip-data-'));
    try {
      for (const name of ['asn.bin', 'country.bin']) await writeFile(join(bad, name), Buffer.alloc(128, 1));
      const run = await spawnTrailwatch(['detect', dir], { env: { TRAILWATCH_IP_DATA_DIR: bad } });

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `trailwatch detect: IP database ${join(bad, 'asn.bin')}: not an ASN table (no TWIPASN1 magic); rebuild it with npm run build:ip-data\n`
      );
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
