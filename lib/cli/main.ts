/**
 * The `trailwatch` command line: one module per subcommand in this folder, each exporting
 * `run(args, io)` and returning the exit code. The same core the Lambda functions use.
 */

import { type CliIo, type Subcommand, USAGE_EXIT } from './parse-command.js';

const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  detect: () => import('./detect.js'),
  rules: () => import('./rules.js'),
  scan: () => import('./scan.js'),
  trails: () => import('./trails.js'),
  cost: () => import('./cost.js'),
  validate: () => import('./validate.js'),
};

/** Registers a subcommand module loader (kept in one table so `--help` lists them all). */
export const subcommandNames = (): string[] => Object.keys(SUBCOMMANDS).sort();

const usage = (): string =>
  `usage: trailwatch <command> [options]\n\ncommands:\n${subcommandNames()
    .map((name) => `  ${name}`)
    .join('\n')}\n\nRun 'trailwatch <command> --help' for a command's options.\n`;

/**
 * Runs the CLI.
 * @param argv - the arguments after the program name
 * @param io - output streams; defaults to the process's
 * @returns the exit code
 */
export const main = async (argv: string[], io: CliIo = processIo()): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? USAGE_EXIT : 0;
  }
  const load = SUBCOMMANDS[name];
  if (!load) {
    io.stderr(`trailwatch: unknown command '${name}'\n${usage()}`);
    return USAGE_EXIT;
  }
  const command = await load();
  return command.run(rest, io);
};

export const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
});
