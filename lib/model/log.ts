/**
 * The part of a logger the core needs. `console` satisfies it, so the CLI can pass a
 * stderr logger and tests a silent one.
 */
export type Log = {
  // Method syntax on purpose: Powertools' Logger (whose extra arguments are typed more narrowly)
  // and simple test loggers both fit.
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
};

/** A logger that drops everything: for tests and for `--quiet` CLI runs. */
export const silentLog: Log = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
