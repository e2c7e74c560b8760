/* Entry point the digest benchmark bundles: `trailwatch validate` alone, as a plain Node program. */
import { processIo } from '../lib/cli/main.js';
import { run } from '../lib/cli/validate.js';

process.exitCode = await run(process.argv.slice(3), processIo());
