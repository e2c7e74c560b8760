import { createHash } from 'node:crypto';
import { LIMITS } from './constants.js';

/**
 * A value SNS FIFO accepts as MessageGroupId / MessageDeduplicationId (1–128 characters of
 * `a-z A-Z 0-9` and ASCII punctuation). Conforming values pass unchanged, so the dedup id is
 * the alert id itself; others become their SHA-256 hex, still stable across retries.
 */
export const fifoToken = (value: string): string =>
  value.length <= LIMITS.snsFifoTokenChars && /^[\x21-\x7e]+$/.test(value)
    ? value
    : createHash('sha256').update(value).digest('hex');
