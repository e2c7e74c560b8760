import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTrailBucket } from '../helpers/log-files.js';
import { record } from '../rules/helpers.js';

const KEY =
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T0310Z_MdInjection00001.json.gz';

/** Event names a file's writer may choose, and what `trailwatch cost --format md` must write for each. */
const NAMES: Array<[string, string, string]> = [
  ['an HTML element', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
  ['a closing tag and a script', '</td><script>alert(1)</script>', '&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['a Markdown link', '[open](javascript:alert(1))', '\\[open\\](javascript:alert(1))'],
  ['a code span', '`rm -rf`', '\\`rm -rf\\`'],
  ['an entity', 'a&amp;b', 'a&amp;amp;b'],
];

describe('trailwatch cost --format md and markup in the logs', () => {
  let dir: string;
  let md: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-md-'));
    const records = [
      ...NAMES.map(([, eventName], i) =>
        record({ eventSource: 's3.amazonaws.com', eventName, eventCategory: 'Data' }, `md/${i}`)
      ),
      record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventCategory: 'Data' }, 'md/plain'),
    ];
    const run = await runCli(['cost', await writeTrailBucket(dir, KEY, records), '--format', 'md']);
    expect(run.code).toBe(0);
    md = run.stdout;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** The report without its SVG chart (escaped as XML) and its fenced JSON selectors. */
  const markdownText = () => md.replace(/^<svg .*$/gm, '').replace(/^```json\n.*\n```$/gm, '');
  /** The selectors the advice gives, parsed from their fenced blocks. */
  const selectors = () => [...md.matchAll(/^```json\n(.*)\n```$/gm)].map((m) => JSON.parse(m[1] as string) as unknown);

  it.each(NAMES)('writes %s as text', (_, eventName, written) => {
    // Assess: in the event-type table, and nowhere else as it came
    expect(md).toContain(`| s3.amazonaws.com ${written} |`);
    expect(markdownText()).not.toContain(eventName);
  });

  it('keeps each selector JSON that parses to the names as they came, with no markup character in its block', () => {
    // Prepare
    const blocks = [...md.matchAll(/^```json\n(.*)\n```$/gm)].map((m) => m[1] as string);
    // Assess: the advice's selectors exclude the noisy names, written with \u escapes
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).not.toMatch(/[<>&`]/);
    const excluded = selectors().flatMap((selector) =>
      (selector as { FieldSelectors: Array<{ Field: string; NotEquals?: string[] }> }).FieldSelectors.flatMap((f) =>
        f.Field === 'eventName' ? (f.NotEquals ?? []) : []
      )
    );
    expect(excluded.length).toBeGreaterThan(0);
    for (const name of excluded) expect([...NAMES.map(([, eventName]) => eventName), 'GetObject']).toContain(name);
    expect(excluded.some((name) => name !== 'GetObject')).toBe(true);
  });

  it('leaves plain names as they are', () => {
    // Assess
    expect(md).toContain('| s3.amazonaws.com GetObject |');
  });
});
