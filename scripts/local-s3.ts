/*
 * `npm run s3`: keeps the embedded S3 running on a fixed port for `osls invoke local`.
 */
import { startEmbeddedS3 } from './embedded-s3.js';

const port = Number(process.env.S3_PORT ?? 4569);
const s3 = await startEmbeddedS3(port);
process.stdout.write(
  `embedded S3 on ${s3.endpoint} with buckets ${s3.buckets.join(', ')}\n` +
    'in a second terminal, as README.md ("Running the Lambda locally") shows:\n' +
    '  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_EC2_METADATA_DISABLED=true\n' +
    `  npx osls invoke local --stage local -f ingest -p events/s3-put-log.json -e AWS_ENDPOINT_URL_S3=${s3.endpoint}\n(Ctrl-C stops it)\n`
);
const stop = async () => {
  await s3.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
