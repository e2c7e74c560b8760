import type { ObjectRef } from '../model/object-ref.js';

/** Encodes a key the way S3 notifications carry it (form encoding: space as `+`, `/` kept). */
export const encodeS3EventKey = (key: string): string =>
  encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

/**
 * The smallest S3 `ObjectCreated` notification that announces `ref`: what ingest forwards to
 * the verifier's queue, so every function reads one trigger format.
 */
export const s3Notification = (ref: ObjectRef) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: ref.bucket },
        object: {
          key: encodeS3EventKey(ref.key),
          ...(ref.size !== undefined && { size: ref.size }),
          ...(ref.versionId !== undefined && { versionId: ref.versionId }),
        },
      },
    },
  ],
});
