import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InvalidRollupObjectError } from '../cost/errors.js';
import type { RollupStore } from '../cost/rollup-store.js';
import { classify, listKeys, openObject, putJson } from './s3.js';
import { ObjectNotFoundError } from '../model/errors.js';

const readText = async (body: AsyncIterable<Buffer | string>): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The rollup store on an S3 bucket, through ./s3.ts (plus one PutObject for text bodies,
 * which that module does not offer yet).
 * @example
 * const store = s3RollupStore(clients.s3, resultsBucket);
 */
export const s3RollupStore = (s3: S3Client, bucket: string): RollupStore => ({
  bucket,
  list: async function* (prefix) {
    for await (const item of listKeys(s3, bucket, prefix)) yield item.key;
  },
  getJson: async (key) => {
    let text: string;
    try {
      text = await readText((await openObject(s3, { bucket, key })).body);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InvalidRollupObjectError(bucket, key, `not JSON: ${(error as Error).message}`, { cause: error });
    }
  },
  putJson: (key, value) => putJson(s3, bucket, key, value),
  putText: async (key, body, contentType) => {
    try {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw classify(error, { bucket, key });
    }
  },
});
