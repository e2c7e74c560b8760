/** Where the offline IP context's databases are (docs/context.md), and who reads them. */
export type ContextSettings = {
  /**
   * `TRAILWATCH_IP_DATA_DIR`: the IP data folder. Unset: `.build/ip-data` (the Lambda zips have it
   * there, relative to `/var/task`; the CLI uses its checkout's).
   */
  ipDataDir?: string;
  /**
   * The function that opens them, as a finding about unusable data names it: Lambda's
   * `AWS_LAMBDA_FUNCTION_NAME` (the stack's name and the function's), else
   * `POWERTOOLS_SERVICE_NAME` (the stack's), else `trailwatch`.
   */
  origin: string;
};

/**
 * Reads the context settings.
 * @param env - usually `process.env`
 */
export const loadContextSettings = (env: NodeJS.ProcessEnv): ContextSettings => {
  const ipDataDir = env.TRAILWATCH_IP_DATA_DIR?.trim() || undefined;
  const origin = env.AWS_LAMBDA_FUNCTION_NAME?.trim() || env.POWERTOOLS_SERVICE_NAME?.trim() || 'trailwatch';
  return ipDataDir === undefined ? { origin } : { ipDataDir, origin };
};
