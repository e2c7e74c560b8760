import { InputFileError } from '../errors.js';
import type { MetadataMap } from '../types.js';

/**
 * Reads the `--metadata` file: S3 user metadata of digest objects, which `aws s3 sync` does not
 * copy. Shape: `{"<bucket>/<key>": {"signature": "…", "signature-algorithm": "SHA256withRSA"}}`;
 * an `s3://` in front of the name and a `head-object` result (`{"Metadata": {…}}`) as the value are
 * accepted too. Metadata names are lowercased, as S3 returns them.
 *
 * @param text - the file's content
 * @param file - its name, for error messages
 * @throws InputFileError naming the entry that is wrong
 * @example
 * parseMetadataFile('{"b/AWSLogs/…json.gz": {"signature": "ab12…", "signature-algorithm": "SHA256withRSA"}}', 'meta.json')
 */
export const parseMetadataFile = (text: string, file: string): MetadataMap => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(file, 'not JSON', { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputFileError(file, 'expected an object of "<bucket>/<key>": {metadata}');
  }
  const map = new Map<string, Record<string, string>>();
  for (const [name, value] of Object.entries(parsed)) {
    const inner = (value as { Metadata?: unknown })?.Metadata ?? value;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new InputFileError(file, `${name}: metadata is not an object`);
    }
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(inner)) {
      if (typeof v !== 'string') throw new InputFileError(file, `${name}: ${k} is not a string`);
      metadata[k.toLowerCase().replace(/^x-amz-meta-/, '')] = v;
    }
    const location = name.replace(/^s3:\/\//, '');
    if (!location.includes('/')) throw new InputFileError(file, `${name}: not "<bucket>/<key>"`);
    map.set(location, metadata);
  }
  return map;
};
