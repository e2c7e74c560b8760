#!/usr/bin/env node
// Launcher for the trailwatch CLI: runs the TypeScript core directly through tsx, so the
// checkout needs no build step (`npx trailwatch …`).
import { register } from 'tsx/esm/api';

// trailwatch supports Node 20 on purpose (the machines run it); the SDK's notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// `trailwatch … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
