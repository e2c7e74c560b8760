import type { Readable } from 'node:stream';
import { type InputForm, sniffInputForm } from './input-form.js';
import { decompressed } from './records-document.js';

/** How much of a file (decompressed) is read to tell its form. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Reads the start of a stream (gunzipped when it is gzip) and tells its form; the stream is
 * destroyed after. Bytes that are not gzip or JSON, or gzip that breaks off, are no form.
 * @param body - the file's bytes
 * @returns the form, or undefined
 * @example
 * const form = await sniffStream(createReadStream('events.jsonl.gz')); // 'records'
 */
export const sniffStream = async (body: Readable): Promise<InputForm | undefined> => {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decompressed(body)) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= SNIFF_BYTES) break;
    }
  } catch {
    // A gzip stream that breaks off within the head still shows its first bytes.
  } finally {
    body.destroy();
  }
  return sniffInputForm(Buffer.concat(parts));
};
