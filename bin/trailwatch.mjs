#!/usr/bin/env -S node --max-semi-space-size=2
// Launcher for the trailwatch CLI. Runs the esbuild bundle in .build/ (made by `npm ci` through the
// `prepare` script, see bin/build-cli.mjs), rebuilding it first when a source is newer than it; when
// no bundle can be had (no esbuild, or a source that does not compile) it runs the TypeScript
// sources through tsx. So a fresh checkout needs no build step and `npx trailwatch …` works.
// TRAILWATCH_FROM_SOURCE=1 always runs the sources.
// The shebang keeps V8's young generation small (2 MB semi-spaces): a scan allocates mostly
// short-lived garbage, so the heap's default growth only costs memory, not time.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { holdYoungGeneration } from './hold-young-generation.mjs';

holdYoungGeneration();

// trailwatch supports Node 20 on purpose (the machines run it); the SDK's notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `trailwatch … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MANIFEST = join(ROOT, '.build', 'cli.json');

/** The bundle's main.mjs when it is there and no source is newer; else undefined. */
const freshBundle = () => {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const main = join(ROOT, '.build', manifest.dir, 'main.mjs');
    statSync(main);
    // Concatenated, not path.join: at start-up join's normalising costs more than the stat itself.
    const prefix = `${ROOT}${sep}`;
    for (const source of manifest.sources) {
      const changed = statSync(prefix + source, { throwIfNoEntry: false });
      if (changed !== undefined && changed.mtimeMs >= manifest.builtAt) return undefined;
      if (changed === undefined && !source.startsWith('node_modules')) return undefined;
    }
    return main;
  } catch {
    return undefined;
  }
};

const loadMain = async () => {
  if (process.env.TRAILWATCH_FROM_SOURCE !== '1') {
    let bundle = freshBundle();
    if (bundle === undefined) {
      try {
        const { buildCli } = await import('./build-cli.mjs');
        bundle = join(await buildCli(), 'main.mjs');
      } catch {
        // esbuild missing or a source that does not compile: tsx below reports the latter.
      }
    }
    if (bundle !== undefined) return (await import(pathToFileURL(bundle).href)).main;
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../lib/cli/main.ts')).main;
};

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
