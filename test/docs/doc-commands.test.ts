import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedS3, startEmbeddedS3 } from '../../scripts/embedded-s3.js';
import { mapLimit } from '../helpers/run-cli.js';
import { REPO_ROOT, STACK_LINE } from '../helpers/spawn-trailwatch.js';
import { sharedPath } from '../rules/helpers.js';
import { cliEvidence, writeEvidence } from '../trails/evidence.js';
import { type DocCommand, extractCommands, extractShellLines } from './extract-commands.js';

/*
 * Runs every `trailwatch …`, `osls package` and `osls invoke local` command that the README and
 * docs/*.md show in code blocks, as written, plus `npm start` (the `osls deploy` lines are listed,
 * and skipped, below). They run in a copy of the checkout (so `.serverless/` and `.esbuild/` of
 * other tests are left alone). What the pages' `aws` lines fetch is made the way they say: each `aws s3 sync s3://<bucket>[/<prefix>] <dir>` line (its
 * --exclude/--include filters included) copies the sample trail, standing in for <bucket>, into
 * <dir>, and `aws cloudtrail list-public-keys … > <file>` saves the sample's public key; so a page
 * whose sync lays out files trailwatch cannot read fails here. The rest is made by hand: a rule
 * folder and Sigma rules (`rules/`, `../sigma`), an evidence folder, price and plan files,
 * `./trail-bucket`. `npx trailwatch` and `trailwatch` are the checkout's launcher. One embedded S3
 * (scripts/embedded-s3.ts, as `npm run s3` starts it) stands in for 127.0.0.1:4569; AWS_ENDPOINT_URL
 * points every other AWS call at a closed local port, so a command that would reach AWS fails here.
 */

/** The commands that need the network or an AWS account, and why. Every other command runs. */
const NEEDS_AWS: Readonly<Record<string, string>> = {
  'npx osls deploy --param trailBucket=my-trail-bucket':
    "deploys into an AWS account; moto 5.2 stops it at ValidateTemplate, which fails on cfn-lint's warning W3005 (the DependsOn osls adds beside each function's own role), as the README says",
  'npx osls deploy --param createTrail=true':
    'creates a CloudTrail trail in an AWS account (moto has no AWS::CloudTrail::Trail; test/trails/create-trail.moto.test.ts covers the rest of the stack fragment)',
  'npx osls deploy --param createTrail=true --param organizationTrail=true':
    'creates an organization trail: needs the management account of an AWS Organization',
  'trailwatch validate s3://my-trail-bucket --trail-arn arn:aws:cloudtrail:us-east-1:111122223333:trail/main --start-time 2026-01-10':
    'reads the trail bucket in S3 and calls ListPublicKeys of an AWS account',
  'npx trailwatch trails audit --region us-east-1,eu-west-1 --fail-on medium':
    'live audit: calls CloudTrail, S3 and Organizations of an AWS account',
  "npx trailwatch trails audit --summaries results/summaries --format json | jq '.findings[] | select(.monthlyCostUsd)'":
    'live audit (no --from-dir): calls CloudTrail, S3 and Organizations of an AWS account',
};

/** The command without its trailing comment and with single spaces: how NEEDS_AWS and CHECKS name it. */
const normal = (command: string): string =>
  command
    .replace(/\s+#\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();

type Run = { code: number; stdout: string; stderr: string };

/** What a command must print beyond exit 0 without a stack trace, by normalised command. */
const CHECKS: ReadonlyArray<[RegExp, (run: Run, world: string) => void | Promise<void>]> = [
  [
    /^npx osls package$/,
    (_run, world) => {
      expect(existsSync(join(world, '.serverless', 'cloudformation-template-update-stack.json'))).toBe(true);
    },
  ],
  [/-f ingest -p events\/s3-put-log\.json/, (run) => expect(run.stdout).toMatch(/"action": "summarised"/)],
  [
    /-f verify -p events\/sqs-digest-queue\.json/,
    (run) => {
      expect(run.stdout).toMatch(/"message":"digest verified".*"status":"valid","logFiles":3,"alerts":0/);
      expect(run.stdout).toContain('"batchItemFailures": []');
    },
  ],
  // The ingest invocation before it opened the incidents this event belongs to (the local state file):
  // the rules match, and nothing is notified again.
  [
    /-f realtime -p/,
    (run) => expect(run.stdout).toMatch(/"message":"event evaluated".*"eventName":"StopLogging".*"alerts":2,"sent":0/),
  ],
  [
    /^npx trailwatch validate events\/objects/,
    (run) => {
      expect(run.stdout).toContain('2/2 digest files valid');
      expect(run.stdout).toContain('3/3 log files valid');
    },
  ],
  // Without --metadata the newest digest has no signature to check, nor do the log files it lists.
  [
    /^trailwatch validate \.\/trails/,
    (run) => expect(run.stdout).toContain('1/2 digest files valid, 1/2 digest files NOT VERIFIED'),
  ],
  [
    /^npx trailwatch scan \.\/trail --format json$/,
    (run) => expect(JSON.parse(run.stdout)).toMatchObject({ files: 12, events: 480, skipped: [] }),
  ],
  [
    /^trailwatch detect \.\/trail-bucket$/,
    (run) => {
      for (const line of run.stdout.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('ruleId');
    },
  ],
  [
    /^trailwatch detect \.\/trail$/,
    (run) => {
      const lines = run.stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ lifecycle: 'opened' });
    },
  ],
  [
    /^trailwatch detect \.\/trail --per-file$/,
    (run) => {
      for (const line of run.stdout.trim().split('\n')) expect(JSON.parse(line)).not.toHaveProperty('incidentId');
    },
  ],
  [/^trailwatch rules test/, (run) => expect(run.stdout).not.toContain('"passed":false')],
  [
    /> cost\.csv$/,
    async (_run, world) =>
      expect(await readFile(join(world, 'cost.csv'), 'utf8')).toMatch(/^eventCategory,eventSource,eventName,count/),
  ],
  [
    /> trails-audit\.md$/,
    async (_run, world) => expect(await readFile(join(world, 'trails-audit.md'), 'utf8')).toContain('111122223333'),
  ],
];

/** The README and every docs/*.md, read when the file is collected so each command is a test of its own. */
const PAGES = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
].map((page) => ({ page, markdown: readFileSync(join(REPO_ROOT, page), 'utf8') }));
const COMMANDS = PAGES.flatMap(({ page, markdown }) => extractCommands(markdown, page));
const SHELL_LINES = PAGES.flatMap(({ page, markdown }) => extractShellLines(markdown, page));
const RUNNABLE = COMMANDS.filter((c) => NEEDS_AWS[normal(c.command)] === undefined);

/** `trailwatch` and `npx trailwatch` are the checkout's launcher; other npx commands (osls) stay npx. */
const SHELL_PRELUDE = [
  'trailwatch() { node "$PWD/bin/trailwatch.mjs" "$@"; }',
  'npx() { if [ "$1" = trailwatch ]; then shift; trailwatch "$@"; else command npx "$@"; fi; }',
];

/** Runs a script in bash with pipefail, so `trailwatch … | jq` fails when trailwatch does. */
const runShell = (script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', script],
      { cwd, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== 'number') reject(new Error(`sh -c '${script}' did not exit: ${error?.message}`));
        else resolve({ code, stdout, stderr });
      }
    );
  });

const SAMPLE_BUCKET = 'example-trail-bucket';
const SAMPLE = join(REPO_ROOT, 'events', 'objects', SAMPLE_BUCKET);

/** `aws s3 sync` filters: `*` matches any characters, `/` included; the last matching filter wins. */
const syncFilter = (args: string): ((key: string) => boolean) => {
  const filters = [...args.matchAll(/--(exclude|include)\s+(?:'([^']*)'|"([^"]*)"|(\S+))/g)].map((m) => ({
    include: m[1] === 'include',
    pattern: new RegExp(
      `^${(m[2] ?? m[3] ?? m[4] ?? '')
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`
    ),
  }));
  return (key) => filters.reduce((taken, f) => (f.pattern.test(key) ? f.include : taken), true);
};

/** Lists the sample trail's files as keys, `/`-separated. */
const sampleKeys = async (dir = SAMPLE, prefix = ''): Promise<string[]> => {
  const keys: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) keys.push(...(await sampleKeys(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else keys.push(`${prefix}${entry.name}`);
  }
  return keys;
};

/**
 * Does what an `aws s3 sync s3://<bucket>[/<prefix>] <dir> [filters]` line of a page would, with the
 * sample trail in place of <bucket>: the files below <prefix> land in <dir> at their key relative
 * to <prefix>, as the AWS CLI writes them. A folder named after <bucket> (`./trails/<bucket>`) takes
 * the sample bucket's name, which its digests carry.
 * @returns false when the line is no such sync
 */
const emulateSync = async (line: string, world: string): Promise<boolean> => {
  const sync = /^aws s3 sync s3:\/\/([^/\s]+)\/?(\S*)\s+(\S+)(.*)$/.exec(line);
  if (!sync) return false;
  const [, bucket = '', prefix = '', dest = '', args = ''] = sync;
  const taken = syncFilter(args);
  const from = prefix === '' ? '' : `${prefix.replace(/\/$/, '')}/`;
  const to = join(world, dest.split(bucket).join(SAMPLE_BUCKET));
  for (const key of await sampleKeys()) {
    if (!key.startsWith(from) || !taken(key.slice(from.length))) continue;
    await mkdir(dirname(join(to, key.slice(from.length))), { recursive: true });
    await cp(join(SAMPLE, key), join(to, key.slice(from.length)));
  }
  return true;
};

/** A copy of the checkout, plus what the pages' `aws` lines fetch and the inputs they assume. */
const buildWorld = async (base: string, shellLines: readonly DocCommand[]): Promise<string> => {
  const world = join(base, 'repo');
  for (const entry of ['bin', 'lib', 'functions', 'serverless', 'events', 'scripts', 'tools', 'types'])
    await cp(join(REPO_ROOT, entry), join(world, entry), { recursive: true });
  for (const file of ['serverless.yml', 'package.json', 'package-lock.json', 'tsconfig.json'])
    await cp(join(REPO_ROOT, file), join(world, file));
  await symlink(await realpath(join(REPO_ROOT, 'node_modules')), join(world, 'node_modules'), 'dir');
  // What `npm ci` builds beside the sources: the offline IP data (scripts/build-ip-data.ts).
  await cp(join(REPO_ROOT, '.build', 'ip-data'), join(world, '.build', 'ip-data'), { recursive: true });
  for (const { command } of shellLines) {
    if (await emulateSync(command, world)) continue;
    const keys = /^aws cloudtrail list-public-keys .*>\s*(\S+)$/.exec(command);
    if (keys?.[1]) await cp(join(REPO_ROOT, 'events', 'digest-public-keys.json'), join(world, keys[1]));
  }
  await cp(SAMPLE, join(world, 'trail-bucket'), { recursive: true });
  await cp(join(REPO_ROOT, 'test', 'fixtures', 'rules', 'custom'), join(world, 'rules'), { recursive: true });
  await cp(sharedPath('sigma'), join(base, 'sigma'), { recursive: true });
  await writeEvidence(join(world, 'evidence', '111122223333'), cliEvidence());
  await writeFile(join(world, 'eu-prices.json'), JSON.stringify({ managementAdditionalCopyPer100k: 2.2 }));
  await writeFile(
    join(world, 'trails.json'),
    JSON.stringify({ copy: 'first', accountRegions: { '111122223333/us-east-1': { copy: 'additional' } } })
  );
  return world;
};

/** A local port nothing listens on: an AWS call a command makes is refused at once. */
const NO_AWS = 'http://127.0.0.1:9';

describe('the commands the README and docs show', () => {
  let base: string;
  let world: string;
  let s3: EmbeddedS3;
  const runs = new Map<string, Run>();
  let demo: Run;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'trailwatch-docs-'));
    [world, s3] = await Promise.all([buildWorld(base, SHELL_LINES), startEmbeddedS3()]);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.TMPDIR !== undefined && { TMPDIR: process.env.TMPDIR }),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Whatever AWS call a command makes is refused, never sent to AWS.
      AWS_ENDPOINT_URL: NO_AWS,
    };
    const run = (c: DocCommand) =>
      runShell(
        [...SHELL_PRELUDE, ...c.setup, c.command.replaceAll('http://127.0.0.1:4569', s3.endpoint)].join('\n'),
        world,
        env
      );
    // Two lanes: the osls commands one after the other (they share .serverless/ and .esbuild/); the
    // trailwatch commands, then npm start, beside them.
    const osls = RUNNABLE.filter((c) => /\bosls\b/.test(c.command));
    const others = RUNNABLE.filter((c) => !osls.includes(c));
    const inTurn = (lane: DocCommand[]) =>
      mapLimit(lane, 1, async (c) => {
        runs.set(c.source, await run(c));
      });
    await Promise.all([
      inTurn(osls),
      (async () => {
        await inTurn(others);
        demo = await runShell('npm start', world, env);
      })(),
    ]);
  }, 600_000);

  afterAll(async () => {
    await s3?.close();
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('finds the commands in the pages, and every command skipped for AWS is still shown there', () => {
    // Assess
    expect(RUNNABLE.length).toBeGreaterThan(15);
    const shown = new Set(COMMANDS.map((c) => normal(c.command)));
    for (const skipped of Object.keys(NEEDS_AWS)) expect(shown).toContain(skipped);
  });

  it.each(RUNNABLE.map((c) => [c.source, c] as const))(
    'runs %s as written: exit 0, no stack trace, no folder without log files',
    async (_source, c) => {
      // Act: in beforeAll
      const run = runs.get(c.source) as Run;
      // Assess
      const label = `${c.command}\n--- stderr ---\n${run.stderr.slice(-3000)}`;
      expect(run.code, label).toBe(0);
      expect(run.stderr, label).not.toMatch(STACK_LINE);
      expect(run.stderr, label).not.toContain('warning: no CloudTrail log files');
      for (const [pattern, check] of CHECKS) if (pattern.test(normal(c.command))) await check(run, world);
    }
  );

  it('runs npm start: the demo ingests the 12 sample files, records the damaged copy and prints the totals', () => {
    // Assess
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('1. CloudTrail announces its 12 log files on SNS');
    expect(demo.stdout.match(/^ {3}ok +40 events/gm)).toHaveLength(12);
    expect(demo.stdout).toMatch(/damaged files:\n {2}\S+_20260102T0325Z_\S+\.json\.gz: truncated-gzip at offset \d+/);
    expect(demo.stdout).toMatch(/^files +13 \(1 damaged\)$/m);
    expect(demo.stderr).not.toMatch(STACK_LINE);
  });
});
