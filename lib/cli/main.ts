/**
 * The `trailwatch` command line: one module per subcommand in this folder, each exporting
 * `run(args, io)` and returning the exit code. The same core the Lambda functions use.
 */
import { PRODUCT } from '../model/product.js';
import { type CliIo, type Subcommand, USAGE_EXIT } from './parse-command.js';
import { userError } from './user-error.js';

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
  `usage: trailwatch <command> [options]\n       trailwatch --version\n\ncommands:\n${subcommandNames()
    .map((name) => `  ${name}`)
    .join('\n')}\n\nRun 'trailwatch <command> --help' for a command's options.\n`;

/**
 * Runs the CLI. What a user can mend (a path that is not there, a bad setting, an AWS refusal)
 * ends as one line on stderr, `trailwatch <command>: <what and where>`, with exit 2 for paths
 * and settings and 1 otherwise; only bugs reach the launcher with a stack trace.
 * @param argv - the arguments after the program name
 * @param io - output streams; defaults to the process's
 * @returns the exit code
 */
export const main = async (argv: string[], io: CliIo = processIo()): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === '--version') {
    io.stdout(`${PRODUCT.name} ${PRODUCT.version}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (name === undefined) {
    io.stderr(usage());
    return USAGE_EXIT;
  }
  if (name.startsWith('-')) {
    io.stderr(`trailwatch: unknown option '${name}' (see 'trailwatch --help')\n`);
    return USAGE_EXIT;
  }
  const load = SUBCOMMANDS[name];
  if (!load) {
    io.stderr(`trailwatch: unknown command '${name}'\n${usage()}`);
    return USAGE_EXIT;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    const failure = userError(error);
    if (failure === undefined) throw error;
    io.stderr(`trailwatch ${name}: ${failure.message}\n`);
    return failure.exitCode;
  }
};

export const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
});
