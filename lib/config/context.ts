/** Where the offline IP context's databases are (docs/context.md). */
export type ContextSettings = {
  /**
   * `TRAILWATCH_IP_DATA_DIR`: the IP data folder. Unset: `.build/ip-data` (the Lambda zips have it
   * there, relative to `/var/task`; the CLI uses its checkout's).
   */
  ipDataDir?: string;
};

/**
 * Reads the context settings.
 * @param env - usually `process.env`
 */
export const loadContextSettings = (env: NodeJS.ProcessEnv): ContextSettings => {
  const ipDataDir = env.TRAILWATCH_IP_DATA_DIR?.trim() || undefined;
  return ipDataDir === undefined ? {} : { ipDataDir };
};
