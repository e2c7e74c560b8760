/*
 * Writes the bundled sample trail and the invoke-local envelopes into events/. Deterministic:
 * running it again rewrites the same bytes (`npm run generate`).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLogFile, sampleTrail } from '../tools/sample/generate-trail.js';
import { envelopes, SAMPLE_BUCKET } from '../tools/sample/envelopes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');
const objects = join(root, 'objects', SAMPLE_BUCKET);
await rm(objects, { recursive: true, force: true });
const files = sampleTrail();
for (const file of files) {
  const path = join(objects, file.key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeLogFile(file.records));
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
  `wrote ${files.length} log files and ${Object.keys(envelopes(first.key, [])).length} envelopes to events/\n`
);
