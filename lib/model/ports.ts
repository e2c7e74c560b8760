import type { Readable } from 'node:stream';
import type { ObjectRef } from './object-ref.js';

/**
 * Where the flows read objects and write results: S3 on Lambda (lib/aws/s3.ts), a folder in the CLI.
 * Implementations map "no such object" to ObjectNotFoundError and retryable faults to TransientError.
 */
export type ObjectStore = {
  /**
   * Opens an object as a byte stream (never buffered whole).
   * @throws ObjectNotFoundError when the object is missing
   */
  open(ref: ObjectRef): Promise<{ body: Readable; size?: number }>;
  /**
   * Reads a small object whole (a state or report the flows keep between runs). A body cut short
   * throws a TransientError, never returns the part that arrived.
   * @throws ObjectNotFoundError when the object is missing
   */
  read(ref: ObjectRef): Promise<Buffer>;
  /** Writes a JSON document. */
  putJson(bucket: string, key: string, value: unknown): Promise<void>;
  /**
   * Writes a JSON document only where no object has the key (S3's conditional write,
   * `If-None-Match: *`).
   * @returns false when an object was there and is kept
   */
  putJsonIfAbsent(bucket: string, key: string, value: unknown): Promise<boolean>;
};

/** The time now: injected so flows and tests agree on it. */
export type Clock = () => Date;
