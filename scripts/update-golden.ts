/*
 * Rewrites test/golden/outputs/ from the cases of test/golden/cases.ts: each runs through the
 * launcher exactly as test/golden/golden.test.ts runs it, and its stdout, stderr and exit code are
 * written as they came. Files no case writes are removed. `npm run golden`; explain any diff in the
 * commit that changes them.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GOLDEN_CASES, OUTPUTS_DIR, REPO_ROOT } from '../test/golden/cases.js';
import { OUTPUT_KINDS, outputFile, runCase } from '../test/golden/run-case.js';
import { mapLimit } from '../test/helpers/run-cli.js';

const outputs = await mapLimit(GOLDEN_CASES, 2, runCase);
await mkdir(join(REPO_ROOT, OUTPUTS_DIR), { recursive: true });
const written = new Set<string>();
for (const [index, golden] of GOLDEN_CASES.entries()) {
  const output = outputs[index];
  if (output === undefined) throw new Error(`no output for ${golden.name}`);
  for (const kind of OUTPUT_KINDS) {
    const file = outputFile(golden.name, kind);
    await writeFile(join(REPO_ROOT, file), output[kind]);
    written.add(file);
  }
  process.stdout.write(
    `${golden.name.padEnd(28)} exit ${output['exit-code'].trim()}, ${Buffer.byteLength(output.stdout)} bytes on stdout, ${Buffer.byteLength(output.stderr)} on stderr\n`
  );
}
for (const name of await readdir(join(REPO_ROOT, OUTPUTS_DIR))) {
  const file = `${OUTPUTS_DIR}/${name}`;
  if (written.has(file)) continue;
  await rm(join(REPO_ROOT, file));
  process.stdout.write(`removed ${file}\n`);
}
