import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledBuiltinRules } from '../../lib/rules/loading/load-rule-set.js';
import { DEFAULT_IP_DATA_DIR, IP_DATA_FILES } from '../../lib/context/index.js';
import { zipEntries } from '../helpers/zip-entries.js';

/*
 * What must stay out of the function bundles (`npx osls package` writes them to .serverless/):
 * zod, which only the rollup's price-table settings need, and the built-in rule pack, which only
 * the functions that evaluate rules (ingest, realtime, logs) or judge correlations over them (judge) need.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SERVERLESS = join(ROOT, '.serverless');

/** Functions whose bundle may carry zod. */
const MAY_CARRY_ZOD = ['rollup'];
/** Functions that evaluate rules, whose bundle carries the pack. */
const EVALUATE_RULES = ['ingest', 'realtime', 'logs', 'judge'];

/** A name zod's core gives its object schema class (`$constructor("$ZodObject", …)`), kept by minification. */
const ZOD_MARKER = '$ZodObject';

/**
 * The descriptions of the built-in rules that esbuild writes verbatim (plain ASCII, no quote or
 * backslash to escape): text only the pack's modules hold.
 */
const PACK_MARKERS = compiledBuiltinRules()
  .map((rule) => rule.meta.description)
  .filter((text) => /^[\x20-\x7e]+$/.test(text) && !/['"\\`]/.test(text));

const bundles = existsSync(SERVERLESS)
  ? readdirSync(SERVERLESS)
      .filter((f) => f.endsWith('.zip'))
      .sort()
      .map((zip) => {
        const fn = basename(zip, '.zip');
        // The handler file is the function's name in kebab-case (closeIncidents: close-incidents).
        const file = fn.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        const entry = zipEntries(readFileSync(join(SERVERLESS, zip))).find((e) => e.name === `functions/${file}.cjs`);
        return { fn, code: entry?.content().toString('utf8') ?? '' };
      })
  : [];

describe('what each function bundle carries', () => {
  it('finds the markers where they belong: zod in the rollup, every pack marker in ingest', () => {
    // Assess: the markers would find zod and the pack if they were there
    expect(bundles.map((b) => b.fn)).toEqual(expect.arrayContaining([...MAY_CARRY_ZOD, ...EVALUATE_RULES]));
    expect(PACK_MARKERS.length).toBeGreaterThan(50);
    const ingest = bundles.find((b) => b.fn === 'ingest')?.code ?? '';
    expect(PACK_MARKERS.filter((marker) => !ingest.includes(marker))).toEqual([]);
    expect(bundles.find((b) => b.fn === 'rollup')?.code).toContain(ZOD_MARKER);
  });

  it.each(bundles.filter((b) => !MAY_CARRY_ZOD.includes(b.fn)))('$fn carries no zod', ({ code }) => {
    // Assess
    expect(code.length).toBeGreaterThan(0);
    expect(code.includes(ZOD_MARKER)).toBe(false);
  });

  it.each(bundles.filter((b) => !EVALUATE_RULES.includes(b.fn)))(
    '$fn carries no built-in rule (it evaluates none)',
    ({ code }) => {
      // Assess
      expect(code.length).toBeGreaterThan(0);
      expect(PACK_MARKERS.filter((marker) => code.includes(marker))).toEqual([]);
    }
  );
});

describe('the offline IP databases in the function zips', () => {
  const zips = bundles.map(({ fn }) => ({
    fn,
    entries: zipEntries(readFileSync(join(SERVERLESS, `${fn}.zip`))),
  }));

  it.each(zips.filter((z) => EVALUATE_RULES.includes(z.fn)))(
    '$fn has each database beside its bundle, byte for byte the checkout’s build',
    ({ entries }) => {
      // Act
      const files = Object.values(IP_DATA_FILES).map((name) => ({
        name,
        entry: entries.find((e) => e.name === `${DEFAULT_IP_DATA_DIR}/${name}`),
      }));
      // Assess
      for (const { name, entry } of files) {
        expect(entry, `${DEFAULT_IP_DATA_DIR}/${name}`).toBeDefined();
        expect(entry?.content().equals(readFileSync(join(ROOT, DEFAULT_IP_DATA_DIR, name)))).toBe(true);
      }
    }
  );

  it.each(zips.filter((z) => !EVALUATE_RULES.includes(z.fn)))(
    '$fn carries none (it evaluates no rule)',
    ({ entries }) => {
      expect(entries.filter((e) => e.name.startsWith(DEFAULT_IP_DATA_DIR))).toEqual([]);
    }
  );

  it.each(bundles.filter((b) => EVALUATE_RULES.includes(b.fn)))(
    '$fn keeps the data out of its .cjs (no organisation name of the ASN table in it)',
    ({ code }) => {
      // An organisation only the data names: the table inlined would bring it along.
      const org = 'Reseaux IP Europeens Network Coordination Centre';
      expect(readFileSync(join(ROOT, DEFAULT_IP_DATA_DIR, IP_DATA_FILES.asn)).includes(org)).toBe(true);
      expect(code.length).toBeGreaterThan(0);
      expect(code.includes(org)).toBe(false);
    }
  );
});
