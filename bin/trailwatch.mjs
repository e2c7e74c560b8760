#!/usr/bin/env node
// Launcher for the trailwatch CLI: runs the TypeScript core directly through tsx, so the
// checkout needs no build step (`npx trailwatch …`).
import { register } from 'tsx/esm/api';

// trailwatch supports Node 20 on purpose (the machines run it); the SDK's notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
