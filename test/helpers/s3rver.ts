import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export type LocalS3 = {
  endpoint: string;
  client: S3Client;
  createBucket(name: string): Promise<void>;
  close(): Promise<void>;
};

/** The part of s3rver's file store that {@link readAfterWrite} wraps. */
type FilesystemStore = {
  putObject(object: { bucket: string; key: string }): Promise<{ size: number }>;
  getResourcePath(bucket: string, key: string, resourceType: 'object'): string;
};

/**
 * s3rver answers PutObject once its MD5 stream has seen the bytes, not once its file stream has
 * written them, and answers GetObject from that file with Content-Length from `stat`. Under load a
 * GetObject right after a PutObject then gets NoSuchKey, or a short or empty body whose length header
 * agrees with it. S3 is read-after-write consistent: here putObject returns once the file holds every
 * byte it acknowledged.
 */
const readAfterWrite = (store: FilesystemStore): void => {
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const stored = await putObject(object);
    const file = store.getResourcePath(object.bucket, object.key, 'object');
    const deadline = Date.now() + 10_000;
    while (
      (await stat(file).then(
        (s) => s.size,
        () => -1
      )) !== stored.size &&
      Date.now() < deadline
    )
      await delay(1);
    return stored;
  };
};

/**
 * Starts a real S3-protocol server (s3rver) on 127.0.0.1 and a real SDK client for it.
 * Needs NODE_OPTIONS=--openssl-legacy-provider for paginated listings (set by the test config).
 */
export const startLocalS3 = async (): Promise<LocalS3> => {
  const directory = await mkdtemp(join(tmpdir(), 'trailwatch-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  readAfterWrite((server as unknown as { store: FilesystemStore }).store);
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    endpoint,
    client,
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
