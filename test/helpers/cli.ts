import { main } from '../../lib/cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
export const runCli = async (args: string[], isTty = false) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTty });
  return { code, stdout, stderr };
};
