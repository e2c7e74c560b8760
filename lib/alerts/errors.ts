import { TrailwatchError } from '../model/errors.js';

/** One alert one sink could not deliver, and why. */
export type UndeliveredAlert = {
  id: string;
  /** Which sink gave up: `sns`, `eventbridge`, `console`… */
  sink: string;
  /** The AWS error code (`ThrottlingException`, `InvalidArgument`…) or the error's name. */
  errorCode: string;
  errorMessage: string;
  /** Not tried at all: the sink had given up on its destination earlier in the run (fan-out-sink.ts). */
  notTried?: true;
};

/**
 * Some alerts could not be delivered after every retry. The message names every undelivered
 * id, so a failed Lambda invocation (and the event its on-failure destination keeps) says
 * exactly what is missing; `undelivered` says which sink lost which alert.
 */
export class AlertDeliveryError extends TrailwatchError {
  readonly undelivered: readonly UndeliveredAlert[];
  /** Distinct ids of the alerts at least one sink did not deliver. */
  readonly undeliveredIds: readonly string[];
  /** How many alerts the failed `send` was given. */
  readonly attempted: number;
  constructor(undelivered: readonly UndeliveredAlert[], attempted: number, options?: ErrorOptions) {
    const ids = [...new Set(undelivered.map((u) => u.id))];
    const bySink = new Map<string, string[]>();
    for (const u of undelivered) {
      const list = bySink.get(u.sink) ?? [];
      list.push(`${u.id} (${u.errorCode})`);
      bySink.set(u.sink, list);
    }
    const detail = [...bySink].map(([sink, list]) => `${sink}: ${list.join(', ')}`).join('; ');
    super(`${ids.length} of ${attempted} alerts not delivered after retries: ${detail}`, options);
    this.name = 'AlertDeliveryError';
    this.undelivered = undelivered;
    this.undeliveredIds = ids;
    this.attempted = attempted;
  }
}
