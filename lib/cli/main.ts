/**
 * The `trailwatch` command line: one module per subcommand in this folder, each exporting
 * `run(args, io)` and returning the exit code. The same core the Lambda functions use.
 */

/** Where a subcommand writes; tests pass buffers, the launcher passes the process streams. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (picks table vs. machine-readable defaults). */
  isTty: boolean;
};

export type Subcommand = { run: (args: string[], io: CliIo) => Promise<number> };

/** Exit code for usage errors, as most CLIs use. */
export const USAGE_EXIT = 2;

/**
 * Parses a subcommand's arguments the way every subcommand does: a parse error prints the
 * message and the usage on stderr (exit 2), `--help` prints the usage on stdout (exit 0).
 * @param parse - the subcommand's own `parseArgs` call
 * @param name - how the command is called, for messages (`scan`, `trails audit`)
 * @param usage - the usage text
 * @returns the parsed arguments, or the exit code to return at once
 */
export const parseCommand = <T extends { values: { help?: boolean } }>(
  parse: () => T,
  name: string,
  usage: string,
  io: CliIo
): T | number => {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    io.stderr(`trailwatch ${name}: ${(error as Error).message}\n${usage}`);
    return USAGE_EXIT;
  }
  if (parsed.values.help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
};

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
