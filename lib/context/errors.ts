import { ConfigError } from '../model/errors.js';

/**
 * An IP database is missing, truncated or not what its header says: raised once, at start-up,
 * naming the file, so a deployment without its data fails loudly instead of enriching nothing.
 * A configuration error: the CLI exits 2; a Lambda function runs without the context and sends
 * one configuration finding (lib/context/ip-data-finding.ts).
 */
export class IpDatabaseError extends ConfigError {
  /** The file at fault. */
  readonly file: string;
  /** What is wrong with it (the message without the file). */
  readonly problem: string;

  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`IP database ${file}: ${problem}`, options);
    this.name = 'IpDatabaseError';
    this.file = file;
    this.problem = problem;
  }
}
