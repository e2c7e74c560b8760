import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { EVENTS } from '../helpers/events.js';
import { REPO_ROOT } from '../helpers/spawn-trailwatch.js';

/** The README's `scan --format json` example, whose figures are the sample trail's own. */
const example = (): string => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = readme.match(/```json\n(\{"files": 12, [\s\S]*?)\n```/)?.[1];
  if (block === undefined) throw new Error('README.md has no scan --format json example starting {"files": 12');
  return block;
};

describe("the README's scan example", () => {
  it('shows the figures scan prints for the sample trail', async () => {
    // Act
    const run = await runCli(['scan', join(EVENTS, 'objects', 'example-trail-bucket'), '--format', 'json']);
    const out = JSON.parse(run.stdout) as {
      files: number;
      events: number;
      errors: number;
      bytes: { compressed: number; uncompressed: number };
      firstEventTime: string;
      lastEventTime: string;
      errorCodes: Array<{ errorCode: string; count: number }>;
    };
    const shown = example();
    // Assess
    expect(shown).toContain(`{"files": ${out.files}, "events": ${out.events}, "errors": ${out.errors},`);
    expect(shown).toContain(
      `"bytes": {"compressed": ${out.bytes.compressed}, "uncompressed": ${out.bytes.uncompressed}}`
    );
    expect(shown).toContain(`"firstEventTime": "${out.firstEventTime}", "lastEventTime": "${out.lastEventTime}"`);
    expect(shown).toContain(
      `"errorCodes": [${out.errorCodes.map((c) => `{"errorCode": "${c.errorCode}", "count": ${c.count}}`).join(', ')}]`
    );
  });
});
