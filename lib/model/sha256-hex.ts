import * as crypto from 'node:crypto';

/**
 * SHA-256 of a string (as UTF-8), in hex: `crypto.hash` where Node has it (20.12 on), one call
 * that costs a short string a third of createHash's update and digest, else createHash.
 * @param text - what to hash
 * @returns 64 hex digits
 * @example
 * sha256Hex('abc').slice(0, 32) // 'ba7816bf8f01cfea414140de5dae2223'
 */
export const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');
