import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InputForm } from '../cloudtrail/input-forms/input-form.js';
import { isDigestFileName, parseLogFileName } from '../cloudtrail/input-forms/log-file-name.js';
import { sniffStream } from '../cloudtrail/input-forms/sniff-stream.js';
import type { CloudTrailKey } from '../cloudtrail/parse-key.js';

/** Why a file of a folder was left out. */
export type SkipReason = 'not-json' | 'no-records' | 'digest' | 'broken-link';

/** What each skip reason means, for messages. */
export const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
  'not-json': 'not named .json, .jsonl or .gz',
  'no-records': 'without CloudTrail records in a form trailwatch reads',
  digest: "CloudTrail digest files ('trailwatch validate' checks those)",
  'broken-link': 'symbolic links to nothing',
};

/** What to do with a file that is not under a CloudTrail key: take it (with its key or form), skip it, or pass over it. */
export type InputFileClass =
  | { take: true; key?: CloudTrailKey; form?: Exclude<InputForm, 'cloudtrail'> }
  | { take: false; skip?: SkipReason };

const MAYBE_RECORDS = /\.(?:json|jsonl|ndjson)(?:\.gz)?$|\.gz$/i;

/**
 * Reads the first bytes of a file and tells its form.
 * @param path - the file
 * @returns the form, or undefined when it is none (or cannot be read)
 */
export const sniffFile = async (path: string): Promise<InputForm | undefined> => {
  const handle = await open(path);
  return sniffStream(handle.createReadStream({ highWaterMark: 64 * 1024 }));
};

/**
 * Classifies a file found in a folder walk that is not under an `AWSLogs/…/CloudTrail/` key:
 * a CloudTrail log or Insights file by its name alone (downloaded into any folder) is taken
 * with the key its name gives; a digest is passed over (as under `AWSLogs/`); dot-files are
 * passed over; `.json`, `.jsonl`, `.ndjson` and `.gz` files are sniffed for the record forms
 * (lib/cloudtrail/input-forms/input-form.ts) and taken in theirs, or skipped; anything else is skipped.
 * @param path - the file
 * @param kinds - which CloudTrail kinds to take
 * @returns the class
 */
export const classifyInputFile = async (
  path: string,
  kinds: ReadonlyArray<CloudTrailKey['kind']>
): Promise<InputFileClass> => {
  const name = basename(path);
  const named = parseLogFileName(name);
  if (named) return kinds.includes(named.kind) ? { take: true, key: named } : { take: false };
  if (isDigestFileName(name) || name.startsWith('.')) return { take: false };
  if (!MAYBE_RECORDS.test(name)) return { take: false, skip: 'not-json' };
  const form = await sniffFile(path);
  if (form === undefined) return { take: false, skip: 'no-records' };
  return form === 'cloudtrail' ? { take: true } : { take: true, form };
};
