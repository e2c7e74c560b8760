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
