/*
 * `npm start`: the pipeline on the bundled sample trail, with no AWS account. Starts the
 * embedded S3, then drives the real ingest handler with the trigger envelopes in events/,
 * exactly as Lambda would, and prints what it wrote to the results bucket.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { listKeys } from '../lib/aws/s3.js';
import { renderTable } from '../lib/cli/scan.js';
import { ReportBuilder } from '../lib/ingest/aggregate.js';
import type { OutcomeBrief } from '../lib/pipelines/ingest-event.js';
import type { FileSummary } from '../lib/model/summary.js';
import { s3Put, SAMPLE_BUCKET } from '../tools/sample/envelopes.js';
import { EVENTS_DIR, RESULTS_BUCKET, startEmbeddedS3, useEmbeddedS3Environment } from './embedded-s3.js';
import { plural } from '../lib/cli/plural.js';

const out = (text: string) => process.stdout.write(`${text}\n`);
const context = { awsRequestId: 'demo-request', functionName: 'trailwatch-ingest' } as Context;

const s3 = await startEmbeddedS3();
/** The demo's own folder for its state file, removed at the end (none when INCIDENT_STATE_FILE is set). */
let ownFolder: string | undefined;
try {
  useEmbeddedS3Environment(s3.endpoint);
  // The handler's EMF metric lines belong in CloudWatch Logs, not in this walkthrough.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // No DynamoDB table here: incidents live in a state file of the demo's own, new for each demo
  // and removed after it. Not the working folder's .trailwatch-incidents.json, which
  // `osls invoke local --stage local` keeps: left there, the demo's open incidents would make the
  // README's next command notify nothing.
  if (process.env.INCIDENT_STATE_FILE === undefined) {
    ownFolder = await mkdtemp(join(tmpdir(), 'trailwatch-demo-'));
    process.env.INCIDENT_STATE_FILE = join(ownFolder, 'incidents.json');
  }
  await rm(process.env.INCIDENT_STATE_FILE, { force: true });
  out(`trailwatch demo: embedded S3 at ${s3.endpoint}, sample trail in s3://${SAMPLE_BUCKET}/\n`);
  const { handler } = await import('../functions/ingest.js');

  out('1. CloudTrail announces its 12 log files on SNS; the ingest handler streams each one, folds the');
  out('   matches into incidents and notifies once per incident that opens (docs/incidents.md):\n');
  const notification = JSON.parse(await readFile(join(EVENTS_DIR, 'sns-cloudtrail-notification.json'), 'utf8'));
  const outcomes = (await handler(notification, context)) as OutcomeBrief[];
  for (const o of outcomes)
    out(
      `   ${o.status?.padEnd(7)} ${String(o.records).padStart(4)} events  ${plural(o.alerts ?? 0, 'alert').padEnd(10)} ${o.key}`
    );

  out('\n2. A damaged file (a truncated copy of the first file) is summarised as damaged and opens an integrity');
  out('   incident; the records before the damage are still counted and checked, and fold into the incidents');
  out('   they belong to without notifying again:');
  const first = JSON.parse(notification.Records[0].Sns.Message).s3ObjectKey[0] as string;
  const whole = await (
    await s3.client.send(new GetObjectCommand({ Bucket: SAMPLE_BUCKET, Key: first }))
  ).Body?.transformToByteArray();
  const damagedKey = first.replace('_CloudTrail_us-east-1_20260102T0310Z_', '_CloudTrail_us-east-1_20260102T0325Z_');
  await s3.client.send(
    new PutObjectCommand({
      Bucket: SAMPLE_BUCKET,
      Key: damagedKey,
      Body: whole?.subarray(0, Math.floor(whole.length / 2)),
    })
  );
  await handler(s3Put(damagedKey), context);

  out('\n3. What ingest wrote to the results bucket:');
  const builder = new ReportBuilder();
  for await (const { key } of listKeys(s3.client, RESULTS_BUCKET, 'summaries/')) {
    const body = await (
      await s3.client.send(new GetObjectCommand({ Bucket: RESULTS_BUCKET, Key: key }))
    ).Body?.transformToString();
    const summary = JSON.parse(body ?? '{}') as FileSummary;
    builder.add(summary);
    out(
      `   s3://${RESULTS_BUCKET}/${key}  ${summary.status}  ${summary.records} events${summary.damage ? `  (${summary.damage.reason} at offset ${summary.damage.offset})` : ''}`
    );
  }
  out(`\n4. Totals over all summaries:\n`);
  out(renderTable(builder.report()));
  out('Next: `npx trailwatch scan events/objects/example-trail-bucket` runs the same core on a local folder.');
} finally {
  await s3.close();
  if (ownFolder !== undefined) await rm(ownFolder, { recursive: true, force: true });
}
