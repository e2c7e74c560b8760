/*
 * Writes the bundled sample trail and the invoke-local envelopes into events/. Deterministic:
 * running it again rewrites the same bytes (`npm run generate`).
 *
 * The sample trail also holds two signed digests of trail `main` (111122223333, us-east-1): one
 * ending at 04:04:04Z that lists that account's three us-east-1 log files, for `osls invoke local
 * -f verify -p events/sqs-digest-queue.json` and `trailwatch validate`, and the hour before it, which
 * lists none and starts the chain. They are signed with an RSA key made once:
 * only its public half is kept (events/digest-public-keys.json, as `aws cloudtrail
 * list-public-keys` prints it), with the digest's signature as the S3 metadata `aws s3 sync` would
 * drop (events/digest-metadata.json, the `trailwatch validate --metadata` format). A plain run
 * keeps the digests and checks that they still list the log files it writes, byte for byte; after a
 * change to the sample trail, make a new key and digest on purpose:
 *
 *   npm run generate                          # log files and envelopes; the digest is checked
 *   npm run generate -- --new-digest-key      # also a new signing key, digests and signatures
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ChainBuilder, type LogRef, makeSigningKey, VectorWorld } from '../test/helpers/digest-vectors.js';
import { envelopes, SAMPLE_BUCKET } from '../tools/sample/envelopes.js';
import { encodeLogFile, sampleTrail } from '../tools/sample/generate-trail.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');
const objects = join(root, 'objects', SAMPLE_BUCKET);
const KEYS_FILE = join(root, 'digest-public-keys.json');
const METADATA_FILE = join(root, 'digest-metadata.json');
const DIGEST = { accountId: '111122223333', region: 'us-east-1', trail: 'main' };
const digestKey = (stamp: string): string =>
  `AWSLogs/${DIGEST.accountId}/CloudTrail-Digest/${DIGEST.region}/2026/01/02/${DIGEST.accountId}_CloudTrail-Digest_${DIGEST.region}_${DIGEST.trail}_${DIGEST.region}_${stamp}.json.gz`;
/** The chain's first digest (no log file) and the one events/sqs-digest-queue.json announces. */
const FIRST_KEY = digestKey('20260102T030404Z');
const DIGEST_KEY = digestKey('20260102T040404Z');
const newKey = process.argv.includes('--new-digest-key');

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const fail = (message: string): never => {
  process.stderr.write(`generate-fixtures: ${message}\n`);
  process.exit(1);
};

// The digests survive the rewrite of the log files unless new ones are asked for.
const digestPath = join(objects, DIGEST_KEY);
const firstPath = join(objects, FIRST_KEY);
const kept =
  newKey || !existsSync(digestPath) || !existsSync(firstPath)
    ? undefined
    : { digest: await readFile(digestPath), first: await readFile(firstPath) };
if (!newKey && kept === undefined)
  fail(`${digestPath} or ${firstPath} is missing; run 'npm run generate -- --new-digest-key' to sign new ones`);

const files = sampleTrail();
const bodies = new Map(files.map((file) => [file.key, encodeLogFile(file.records)]));
// The log files the digest lists: the account's files in its region, as CloudTrail delivered them.
const listed = files.filter((f) => f.key.startsWith(`AWSLogs/${DIGEST.accountId}/CloudTrail/${DIGEST.region}/`));
// Checked before anything is written, so a refusal leaves events/ as it was.
if (kept !== undefined) {
  const doc = JSON.parse(gunzipSync(kept.digest).toString()) as {
    logFiles: Array<{ s3Object: string; hashValue: string }>;
  };
  const expected = listed.map((f) => `${f.key} ${sha256(gunzipSync(bodies.get(f.key) as Buffer))}`).sort();
  const actual = doc.logFiles.map((l) => `${l.s3Object} ${l.hashValue}`).sort();
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    fail(
      `the committed digest ${DIGEST_KEY} no longer lists the sample log files as written; run 'npm run generate -- --new-digest-key' and commit the new key, digests and metadata`
    );
}

await rm(objects, { recursive: true, force: true });
for (const [key, body] of bodies) {
  await mkdir(dirname(join(objects, key)), { recursive: true });
  await writeFile(join(objects, key), body);
}
if (kept !== undefined) {
  await mkdir(dirname(digestPath), { recursive: true });
  await writeFile(digestPath, kept.digest);
  await writeFile(firstPath, kept.first);
} else {
  const world = new VectorWorld();
  const signer = makeSigningKey(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
  const chain = new ChainBuilder(world, {
    accountId: DIGEST.accountId,
    name: DIGEST.trail,
    homeRegion: DIGEST.region,
    sourceRegion: DIGEST.region,
    bucket: SAMPLE_BUCKET,
    signer,
  });
  const times = (f: (typeof files)[number]) => f.records.map((r) => String(r.eventTime)).sort();
  const logs: LogRef[] = listed.map((f) => {
    const content = gunzipSync(bodies.get(f.key) as Buffer);
    return { bucket: SAMPLE_BUCKET, key: f.key, hashValue: sha256(content), content, time: new Date(times(f)[0] ?? 0) };
  });
  chain.digest({ start: new Date('2026-01-02T02:04:04Z'), end: new Date('2026-01-02T03:04:04Z'), previous: null });
  const digest = chain.digest({
    start: new Date('2026-01-02T03:04:04Z'),
    end: new Date('2026-01-02T04:04:04Z'),
    logs,
    // Each log file's own oldest and newest event, as CloudTrail writes them.
    edit: (doc) => {
      const entries = doc.logFiles as Array<Record<string, unknown>>;
      for (const [i, f] of listed.entries()) {
        const t = times(f);
        Object.assign(entries[i] as object, { newestEventTime: t.at(-1), oldestEventTime: t[0] });
      }
      const all = listed.flatMap(times).sort();
      Object.assign(doc, { newestEventTime: all.at(-1), oldestEventTime: all[0] });
    },
  });
  if (digest.key !== DIGEST_KEY) fail(`the digest was named ${digest.key}, not ${DIGEST_KEY}`);
  await mkdir(dirname(digestPath), { recursive: true });
  await writeFile(digestPath, world.get(SAMPLE_BUCKET, DIGEST_KEY).body);
  await writeFile(firstPath, world.get(SAMPLE_BUCKET, FIRST_KEY).body);
  await writeFile(KEYS_FILE, `${JSON.stringify(JSON.parse(world.keysJson()), null, 4)}\n`);
  await writeFile(METADATA_FILE, `${JSON.stringify(JSON.parse(world.metadataJson()), null, 2)}\n`);
}

const first = files[0];
if (!first) throw new Error('the sample trail is empty');
for (const [name, envelope] of Object.entries(
  envelopes(
    first.key,
    files.map((f) => f.key)
  )
)) {
  await writeFile(join(root, `${name}.json`), `${JSON.stringify(envelope, null, 2)}\n`);
}
process.stdout.write(
  `wrote ${files.length} log files and ${Object.keys(envelopes(first.key, [])).length} envelopes to events/; ${
    kept === undefined ? 'signed new digests with a new key' : 'kept the digests, which still list them'
  }\n`
);
