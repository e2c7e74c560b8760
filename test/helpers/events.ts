import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const EVENTS = join(import.meta.dirname, '..', '..', 'events');

/** Loads an invoke-local envelope from events/. */
export const loadEvent = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(join(EVENTS, `${name}.json`), 'utf8'));

/** The object keys of the bundled sample trail, as CloudTrail's SNS notification lists them. */
export const sampleKeys = async (): Promise<string[]> => {
  const event = (await loadEvent('sns-cloudtrail-notification')) as { Records: Array<{ Sns: { Message: string } }> };
  return JSON.parse(event.Records[0]?.Sns.Message ?? '{}').s3ObjectKey;
};
