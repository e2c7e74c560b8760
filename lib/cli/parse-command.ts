/** Where a subcommand writes; tests pass buffers, the launcher passes the process streams. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (picks table vs. machine-readable defaults). */
  isTty: boolean;
};

export type Subcommand = { run: (args: string[], io: CliIo) => Promise<number> };

/** Exit code for usage errors (a bad flag or value, a path that is not there), as most CLIs use. */
export const USAGE_EXIT = 2;

/**
 * Reports a usage error as one line on stderr, `trailwatch <command>: <problem>`, and returns
 * the exit code for it. Never prints a stack trace or the whole usage: the line says what is
 * wrong, and `hint` adds where to look.
 * @param io - the CLI's streams
 * @param command - how the command is called (`scan`, `trails audit`)
 * @param problem - what is wrong, naming the flag or value
 * @param hint - add "(see 'trailwatch <command> --help')" for errors the help answers
 * @returns {@link USAGE_EXIT}
 */
export const usageError = (io: CliIo, command: string, problem: string, hint = false): number => {
  io.stderr(`trailwatch ${command}: ${problem}${hint ? ` (see 'trailwatch ${command} --help')` : ''}\n`);
  return USAGE_EXIT;
};

/**
 * Turns a `node:util` parseArgs error into a short problem statement: `unknown option '--x'`,
 * `option '--format' needs a value`, `unexpected argument 'x'`.
 * @param error - what parseArgs threw
 * @returns the problem, without the command name
 */
export const describeParseError = (error: unknown): string => {
  const { code, message = String(error) } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '').replace(/^-\w, /, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `option '${option}' takes no value`
        : `option '${option}' needs a value`;
    default:
      return message.split('\n')[0] ?? message;
  }
};

/**
 * Parses a subcommand's arguments the way every subcommand does: a parse error (unknown option,
 * option without its value) prints one line on stderr (exit 2), `--help` prints the usage on
 * stdout (exit 0).
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
    return usageError(io, name, describeParseError(error), true);
  }
  if (parsed.values.help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
};
