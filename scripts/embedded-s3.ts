/*
 * The embedded S3 for `npm start` and `npm run s3`: a real S3-protocol server (s3rver) on
 * 127.0.0.1, loaded with the sample trail from events/objects/<bucket>/, each digest with the
 * signature S3 keeps as its metadata (events/digest-metadata.json).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const EVENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');
export const RESULTS_BUCKET = 'trailwatch-results';

export type EmbeddedS3 = { endpoint: string; client: S3Client; buckets: string[]; close(): Promise<void> };

/**
 * Sets what the SDK needs to talk to s3rver, for this process and the handlers it loads:
 * s3rver's fixed credentials, path-style addressing via the endpoint override, no IMDS probe.
 */
export const useEmbeddedS3Environment = (endpoint: string): void => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
    RESULTS_BUCKET,
  });
};

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Starts s3rver and uploads every bucket under events/objects/. */
export const startEmbeddedS3 = async (port = 0): Promise<EmbeddedS3> => {
  const directory = await mkdtemp(join(tmpdir(), 'trailwatch-embedded-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const objectsDir = join(EVENTS_DIR, 'objects');
  const metadata = JSON.parse(await readFile(join(EVENTS_DIR, 'digest-metadata.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const buckets = [RESULTS_BUCKET, ...(await readdir(objectsDir))];
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const bucket of buckets.slice(1)) {
    for await (const path of walk(join(objectsDir, bucket))) {
      const key = relative(join(objectsDir, bucket), path).split(sep).join('/');
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: await readFile(path),
          Metadata: metadata[`${bucket}/${key}`] ?? {},
        })
      );
    }
  }
  return {
    endpoint,
    client,
    buckets,
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
