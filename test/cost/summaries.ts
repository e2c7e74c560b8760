import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { putJson } from '../../lib/aws/s3.js';
import { parseCloudTrailKey } from '../../lib/cloudtrail/parse-key.js';
import { summaryKey } from '../../lib/pipelines/ingest-object.js';
import { processLogStream } from '../../lib/ingest/process-log.js';
import type { FileSummary } from '../../lib/model/summary.js';
import { silentLog } from '../../lib/model/log.js';
import { encodeLogFile, type SampleFile } from '../../tools/sample/generate-trail.js';
import type { LocalS3 } from '../helpers/s3rver.js';

export const TRAIL_BUCKET = 'trail-bucket';

/**
 * Summarises generated log files with ingest's own core and writes the summaries where ingest
 * writes them, so the rollup reads exactly what it reads in production.
 */
export const putSummaries = async (
  s3: LocalS3,
  resultsBucket: string,
  files: readonly SampleFile[]
): Promise<Array<{ key: string; summary: FileSummary }>> => {
  const out: Array<{ key: string; summary: FileSummary }> = [];
  for (const file of files) {
    const ref = { bucket: TRAIL_BUCKET, key: file.key };
    const summary = await processLogStream(Readable.from([encodeLogFile(file.records)]), ref, {
      log: silentLog,
      now: () => new Date('2026-01-03T00:00:00Z'),
    });
    const parsed = parseCloudTrailKey(file.key);
    if (!parsed) throw new Error(`not a CloudTrail key: ${file.key}`);
    const key = summaryKey(parsed, file.key);
    await putJson(s3.client, resultsBucket, key, summary);
    out.push({ key, summary });
  }
  return out;
};

/** An object's body as text, or undefined when it does not exist. */
export const readText = async (s3: LocalS3, bucket: string, key: string): Promise<string | undefined> => {
  try {
    const got = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await got.Body?.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
};
