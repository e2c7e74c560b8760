#!/usr/bin/env node
// Builds the trailwatch CLI into one esbuild bundle under .build/ (git-ignored), so a run loads
// JavaScript and compiles no TypeScript. `npm ci`/`npm install` run it (the `prepare` script);
// bin/trailwatch.mjs runs it again when a source is newer than the bundle.
//
// Layout: .build/cli-<stamp>/ holds main.mjs, scan-worker.mjs and their shared chunks;
// .build/cli.json names the current folder and the sources it was built from. A build writes a
// new folder and then replaces cli.json in one rename, so processes that start meanwhile (or
// are still running on an older folder) never see half a bundle.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BUILD_DIR = join(ROOT, '.build');
export const MANIFEST = join(BUILD_DIR, 'cli.json');

/** Files besides the bundle's own sources whose change calls for a new bundle. */
const ALSO_WATCHED = ['bin/build-cli.mjs', 'package-lock.json', 'tsconfig.json'];

/** Folders of older builds are removed once they are this old (a run may still use one). */
const KEEP_OLD_MS = 10 * 60 * 1000;

/**
 * Builds the bundle and makes it current.
 * @returns the folder of the new bundle
 * @throws when esbuild is not installed or a source does not compile
 */
export const buildCli = async () => {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const name = `cli-${startedAt}-${process.pid}`;
  const outdir = join(BUILD_DIR, name);
  mkdirSync(BUILD_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'lib/cli/main.ts', 'scan-worker': 'lib/cli/scan-worker.ts' },
    bundle: true,
    splitting: true,
    platform: 'node',
    // ES module builds first (the AWS SDK ships both): a package the CLI loads lazily with
    // import() (the Security Hub and Organizations clients) lands in a chunk of its own, and a
    // CommonJS chunk gives its importer only a default export, so its classes would be undefined.
    mainFields: ['module', 'main'],
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
    // The AWS SDK and Powertools are CommonJS that requires Node's own modules.
    banner: {
      js: "import { createRequire as __trailwatchRequire } from 'node:module'; const require = __trailwatchRequire(import.meta.url);",
    },
  });
  const sources = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
  const manifest = { dir: name, builtAt: startedAt, sources: [...sources, ...ALSO_WATCHED] };
  const temporary = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest)}\n`);
  renameSync(temporary, MANIFEST);
  for (const entry of readdirSync(BUILD_DIR)) {
    if (!entry.startsWith('cli-') || entry === name) continue;
    const path = join(BUILD_DIR, entry);
    if (startedAt - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
  return outdir;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const outdir = await buildCli();
    process.stderr.write(`trailwatch: built the CLI into ${relative(process.cwd(), outdir) || '.'}\n`);
  } catch (error) {
    // No esbuild (an install without dev dependencies): the launcher runs the sources through tsx.
    if (error?.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('trailwatch: esbuild is not installed; the CLI will run from its TypeScript sources\n');
    } else {
      throw error;
    }
  }
}
