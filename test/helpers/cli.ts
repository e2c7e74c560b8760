import { main } from '../../lib/cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
export const runCli = async (args: string[], isTty = false) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTty,
  });
  return { code, stdout, stderr };
};
