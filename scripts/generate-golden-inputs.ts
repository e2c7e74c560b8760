/*
 * Writes the golden inputs that are not in events/: a signed digest set (a synced copy of one
 * trail's bucket, its public key and its digests' S3 metadata) and a trails evidence folder.
 *
 * The digest set is signed with an RSA key made here and thrown away: only its public half is
 * kept. Running this again makes a new key, so every signature and fingerprint changes, and with
 * them the committed validate outputs. Hence it refuses to overwrite without --force; after a
 * forced run, run `npm run golden` and explain the new outputs in the same commit.
 *
 *   node --import tsx scripts/generate-golden-inputs.ts [--force]
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DIGEST_BUCKET,
  DIGEST_KEYS_FILE,
  DIGEST_METADATA_FILE,
  DIGEST_ROOT,
  EVIDENCE_DIR,
  INPUTS_DIR,
  REPO_ROOT,
} from '../test/golden/cases.js';
import { ChainBuilder, makeSigningKey, VectorWorld } from '../test/helpers/digest-vectors.js';
import { cliEvidence, writeEvidence } from '../test/trails/evidence.js';
import { ACCOUNT, goodTrail } from '../test/trails/snapshots.js';

const inRepo = (path: string): string => join(REPO_ROOT, path);
const force = process.argv.includes('--force');
if (existsSync(inRepo(INPUTS_DIR)) && !force) {
  process.stderr.write(`${INPUTS_DIR} exists; --force makes a new signing key and changes the validate outputs\n`);
  process.exit(2);
}
await rm(inRepo(INPUTS_DIR), { recursive: true, force: true });

// Digest set: one trail, five hourly digests (the third lists no log file), one log file edited
// after delivery (hash mismatch) and one log file that no digest lists (a finding).
const world = new VectorWorld();
const signer = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
const chain = new ChainBuilder(world, {
  accountId: ACCOUNT,
  name: 'golden',
  homeRegion: 'us-east-1',
  sourceRegion: 'us-east-1',
  bucket: DIGEST_BUCKET,
  signer,
});
chain.hourly(new Date('2026-01-05T01:04:04Z'), 5, (hour) => (hour === 2 ? 0 : 2));
const edited = chain.logs[3];
if (edited === undefined) throw new Error('the chain wrote fewer log files than expected');
world.get(edited.bucket, edited.key).body = gzipSync(
  Buffer.concat([edited.content.subarray(0, -2), Buffer.from(' }')])
);
chain.log(new Date('2026-01-05T02:20:00Z'));

await world.writeToFolder(inRepo(DIGEST_ROOT));
await writeFile(inRepo(DIGEST_KEYS_FILE), `${JSON.stringify(JSON.parse(world.keysJson()), null, 4)}\n`);
await writeFile(inRepo(DIGEST_METADATA_FILE), `${JSON.stringify(JSON.parse(world.metadataJson()), null, 2)}\n`);

// Evidence folder: the healthy multi-region trail of the trails tests, plus a single-region trail
// in eu-west-1 that stopped logging, without validation, into a public bucket with calls missing
// (JSON.stringify drops the fields set to undefined, as DescribeTrails leaves them out).
const LEGACY_BUCKET = `legacy-trail-logs-${ACCOUNT}`;
const legacy = goodTrail({
  Name: 'legacy',
  S3BucketName: LEGACY_BUCKET,
  IsMultiRegionTrail: false,
  IncludeGlobalServiceEvents: false,
  HomeRegion: 'eu-west-1',
  TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/legacy`,
  LogFileValidationEnabled: false,
  CloudWatchLogsLogGroupArn: undefined,
  CloudWatchLogsRoleArn: undefined,
  KmsKeyId: undefined,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
});
await writeEvidence(inRepo(EVIDENCE_DIR), {
  ...cliEvidence(),
  'describe-trails.eu-west-1.json': { trailList: [goodTrail(), legacy] },
  'get-trail-status.eu-west-1.legacy.json': {
    IsLogging: false,
    LatestDeliveryTime: Date.parse('2026-02-11T08:15:00Z') / 1000,
    StartLoggingTime: Date.parse('2025-06-01T00:00:00Z') / 1000,
    StopLoggingTime: Date.parse('2026-02-11T08:20:00Z') / 1000,
  },
  'get-event-selectors.eu-west-1.legacy.json': {
    TrailARN: legacy.TrailARN,
    EventSelectors: [
      {
        ReadWriteType: 'WriteOnly',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  },
  'get-insight-selectors.eu-west-1.legacy.err':
    '\nAn error occurred (InsightNotEnabledException) when calling the GetInsightSelectors operation: Trail legacy does not have Insights enabled.\n',
  'get-insight-selectors.eu-west-1.legacy.json': '',
  [`get-bucket-policy-status.${LEGACY_BUCKET}.json`]: { PolicyStatus: { IsPublic: true } },
  [`get-bucket-encryption.${LEGACY_BUCKET}.json`]: {
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
    },
  },
  [`get-bucket-versioning.${LEGACY_BUCKET}.json`]: '',
});

process.stdout.write(
  `wrote ${world.objects.size} objects of ${DIGEST_BUCKET} and the evidence folder to ${INPUTS_DIR}\n`
);
