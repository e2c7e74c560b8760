import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types (the launcher imports it before any TypeScript loader)
import { buildCli, MANIFEST } from '../../bin/build-cli.mjs';
import { REPO_ROOT } from '../helpers/spawn-trailwatch.js';

const SAMPLE = 'events/objects/example-trail-bucket';
const GOLDEN = join(REPO_ROOT, 'test', 'golden', 'outputs');

const ENV: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  NODE_OPTIONS: '--openssl-legacy-provider',
  ...(process.env.PATH !== undefined && { PATH: process.env.PATH }),
  ...(process.env.TMPDIR !== undefined && { TMPDIR: process.env.TMPDIR }),
};

const node = (args: string[], env: NodeJS.ProcessEnv = ENV): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve({ stdout, stderr }))
    );
  });

type Manifest = { dir: string; builtAt: number; sources: string[] };
const manifest = (): Manifest => JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;

describe('the CLI bundle', () => {
  it('runs detect and scan from the bundle alone, printing what the golden outputs hold', async () => {
    // Prepare
    const dir: string = await buildCli();
    const main = pathToFileURL(join(dir, 'main.mjs')).href;
    const run = (args: string[]) =>
      node([
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`,
      ]);
    // Act
    const detect = await run(['detect', SAMPLE, '--format', 'jsonl', '--workers', '2']);
    const scan = await run(['scan', SAMPLE, '--format', 'json', '--workers', '2']);
    // Assess
    expect(detect.stdout).toBe(readFileSync(join(GOLDEN, 'detect-jsonl.stdout'), 'utf8'));
    expect(scan.stdout).toBe(readFileSync(join(GOLDEN, 'scan-json.stdout'), 'utf8'));
    expect(manifest().sources).toContain('lib/cli/main.ts');
  });

  it('is rebuilt by the launcher when a source is newer than it, and the output stays the same', async () => {
    // Prepare: a bundle that claims to predate every source
    await buildCli();
    const stale = { ...manifest(), builtAt: 0 };
    writeFileSync(MANIFEST, JSON.stringify(stale));
    // Act
    const { stdout } = await node([join('bin', 'trailwatch.mjs'), '--version']);
    // Assess
    expect(stdout).toMatch(/^trailwatch \d+\.\d+\.\d+\n$/);
    expect(manifest().builtAt).toBeGreaterThan(0);
    expect(manifest().dir).not.toBe(stale.dir);
  });

  it('runs from the TypeScript sources when asked, with the same output', async () => {
    // Act
    const { stdout } = await node([join('bin', 'trailwatch.mjs'), 'detect', SAMPLE, '--format', 'jsonl'], {
      ...ENV,
      TRAILWATCH_FROM_SOURCE: '1',
    });
    // Assess
    expect(stdout).toBe(readFileSync(join(GOLDEN, 'detect-jsonl.stdout'), 'utf8'));
  });
});
