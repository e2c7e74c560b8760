import { ConfigError } from '../model/errors.js';

/**
 * An IP database is missing, truncated or not what its header says: raised once, at start-up,
 * naming the file, so a deployment without its data fails loudly instead of enriching nothing.
 * A configuration error: the CLI exits 2, a Lambda function fails its initialisation.
 */
export class IpDatabaseError extends ConfigError {
  /** The file at fault. */
  readonly file: string;

  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`IP database ${file}: ${problem}`, options);
    this.name = 'IpDatabaseError';
    this.file = file;
  }
}
