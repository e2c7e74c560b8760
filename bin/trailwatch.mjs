#!/usr/bin/env node
// Launcher for the trailwatch CLI: runs the TypeScript core directly through tsx, so the
// checkout needs no build step (`npx trailwatch …`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
