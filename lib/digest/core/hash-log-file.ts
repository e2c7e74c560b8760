import { createHash } from 'node:crypto';
import { CLI_TEXT } from '../constants.js';
import { inflateFirstMember } from './inflate-first-member.js';
import type { LogCheck, TrailingDataRule } from '../types.js';

const OPEN_BRACE = 0x7b;

async function* noteFirstByte(
  source: AsyncIterable<Uint8Array>,
  note: (byte: number) => void
): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of source) {
    if (first && chunk.length > 0) {
      note(chunk[0] as number);
      first = false;
    }
    yield chunk;
  }
}

/**
 * Hashes one log file and judges it as `aws cloudtrail validate-logs` does.
 *
 * The SHA-256 covers the decompressed bytes of the first gzip member only, compared as an exact
 * lowercase hex string with the digest's `hashValue`. The CLI's message is kept (`cliText`), and
 * `reason` tells apart what the CLI lumps together: a truncated object and a modified one both read
 * "hash value doesn't match"; a plain-JSON object (a browser saved it decompressed) and random bytes
 * both read "invalid format".
 *
 * Data after the first member (a second member, garbage, even one `\n`) is INVALID by default, as
 * in aws-cli since 2026-05 (aws/aws-cli#10326); `trailingData: 'ignore'` reproduces older releases
 * such as the pip awscli 1.45.11, which never looked past the member.
 *
 * @param source - the object's bytes, or undefined when the object does not exist
 * @param expectedHash - `hashValue` from the digest, as parsed (any JSON value)
 * @param trailingData - how to judge bytes after the member
 * @returns the verdict; never throws for bad content
 * @throws only what reading `source` throws (network, file system)
 */
export const hashLogFile = async (
  source: AsyncIterable<Uint8Array> | undefined,
  expectedHash: unknown,
  trailingData: TrailingDataRule = 'invalid'
): Promise<LogCheck> => {
  if (source === undefined) return { status: 'invalid', reason: 'not-found', cliText: CLI_TEXT.notFound };
  const hash = createHash('sha256');
  let firstByte: number | undefined;
  const result = await inflateFirstMember(
    noteFirstByte(source, (b) => (firstByte = b)),
    (chunk) => hash.update(chunk)
  );
  const sizes = { compressedBytes: result.compressedBytes, outputBytes: result.outputBytes };
  if (result.kind === 'corrupt') {
    const reason =
      result.part !== 'header' ? 'corrupt-gzip' : firstByte === OPEN_BRACE ? 'decompressed-json' : 'not-gzip';
    return { status: 'invalid', reason, cliText: CLI_TEXT.invalidFormat, detail: result.detail, ...sizes };
  }
  const actualHash = hash.digest('hex');
  if (expectedHash === undefined) {
    return { status: 'invalid', reason: 'no-hash-value', cliText: CLI_TEXT.invalidFormat, actualHash, ...sizes };
  }
  if (result.kind === 'complete' && result.trailingData && trailingData === 'invalid') {
    return { status: 'invalid', reason: 'trailing-data', cliText: CLI_TEXT.trailingData, actualHash, ...sizes };
  }
  if (actualHash !== expectedHash) {
    const reason = result.kind === 'truncated' ? 'truncated' : 'hash-mismatch';
    const detail = result.kind === 'truncated' ? `object ends inside the gzip ${result.part}` : undefined;
    return {
      status: 'invalid',
      reason,
      cliText: CLI_TEXT.hashMismatch,
      actualHash,
      ...(detail && { detail }),
      ...sizes,
    };
  }
  if (result.kind === 'truncated') {
    // The CLI never checks that the member ended: the content is complete, the trailer is not.
    return { status: 'valid', reason: 'match-gzip-unterminated', cliText: CLI_TEXT.valid, actualHash, ...sizes };
  }
  return { status: 'valid', reason: 'match', cliText: CLI_TEXT.valid, actualHash, ...sizes };
};
