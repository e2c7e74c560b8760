/** The `--workers` lines of a command's help. */
export const WORKERS_HELP = `  --workers N            read files in N worker threads (default: one per core the process
                         may use, a container's CPU quota counted, from 4 cores on, and no
                         more than fit in half its memory: 128 MB for the first thread,
                         48 MB for each more; else 1; 1 for a few megabytes of input; 1 = on
                         the main thread). The output is the same for every N. Below 4
                         cores, more threads are slower and hold more memory than one`;

/**
 * Reads the `--workers` value.
 * @param value - as typed, or undefined when left out
 * @returns the count (undefined when left out), or a problem naming the value
 */
export const parseWorkers = (value: string | undefined): { workers?: number; problem?: string } => {
  if (value === undefined) return {};
  return /^[1-9]\d{0,3}$/.test(value)
    ? { workers: Number(value) }
    : { problem: `--workers must be a whole number from 1 to 9999, got '${value}'` };
};
