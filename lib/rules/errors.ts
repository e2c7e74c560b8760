import { TrailwatchError } from '../model/errors.js';

/**
 * A rule (or suppression) file is invalid. Raised at load time, never at match time, and
 * always names the file, the line (when known) and what is wrong, so a user can fix it
 * without reading trailwatch's code.
 */
export class RuleLoadError extends TrailwatchError {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
  constructor(file: string, line: number | undefined, reason: string, options?: ErrorOptions) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, options);
    this.name = 'RuleLoadError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** Several rule files are invalid: carries every error, so one run reports them all. */
export class RuleSetLoadError extends TrailwatchError {
  readonly errors: readonly RuleLoadError[];
  constructor(errors: readonly RuleLoadError[], options?: ErrorOptions) {
    super(
      `${errors.length} invalid rule file${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
      options
    );
    this.name = 'RuleSetLoadError';
    this.errors = errors;
  }
}
