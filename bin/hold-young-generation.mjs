// Keeps V8's young generation of the launcher's thread at 2 MB semi-spaces when node started
// without --max-semi-space-size (imported by bin/trailwatch.mjs; plain JavaScript, run unbuilt).
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const SEMI_SPACE_BYTES = 2 * 1024 * 1024;
const GROWTH_FACTOR_ONE = '--semi-space-growth-factor=1';

/**
 * `node bin/trailwatch.mjs …` (npm scripts, the bench, most users) skips the shebang's flag, and
 * V8 then lets the young generation grow to 16 MB semi-spaces as soon as a run keeps some of what
 * it allocates (detect's alerts and correlation matches): some 45 MB more memory on one 613 MB
 * file, and no less CPU. The flag cannot be set once V8 runs, but its growth factor can: once a
 * minor collection leaves the semi-spaces at 2 MB, they stop growing.
 * V8 raises the factor back to 2 for the whole process whenever it sets up a new heap, so each
 * worker thread `detect --workers` starts let this thread's young generation grow again (to
 * 50 MB committed instead of 24 MB on 20 big files): the factor is set again once a worker runs.
 * In about 1 run in 20 a minor collection falls between the worker's heap set-up and its 'online'
 * event, and the young generation doubles once (4 MB semi-spaces, not 16 MB) before the factor is
 * set again: test/cli/hold-young-generation.test.ts.
 * Does nothing when --max-semi-space-size is given (the shebang, NODE_OPTIONS).
 */
export const holdYoungGeneration = () => {
  const flagged = (flags) => /--max-semi-space-size\b/.test(flags);
  if (process.execArgv.some(flagged) || flagged(process.env.NODE_OPTIONS ?? '')) return;
  let held = false;
  const young = new PerformanceObserver(() => {
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (space === undefined || space.space_size < 2 * SEMI_SPACE_BYTES) return;
    setFlagsFromString(GROWTH_FACTOR_ONE);
    held = true;
    young.disconnect();
  });
  young.observe({ entryTypes: ['gc'] });
  process.on('worker', (worker) => {
    worker.once('online', () => {
      if (held) setFlagsFromString(GROWTH_FACTOR_ONE);
    });
  });
};
