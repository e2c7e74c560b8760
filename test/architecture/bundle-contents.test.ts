import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledBuiltinRules } from '../../lib/rules/loading/load-rule-set.js';
import { zipEntries } from '../helpers/zip-entries.js';

/*
 * What must stay out of the function bundles (`npx osls package` writes them to .serverless/):
 * zod, which only the rollup's price-table settings need, and the built-in rule pack, which only
 * the functions that evaluate rules (ingest, realtime, logs) or judge correlations over them (judge) need.
 */

const SERVERLESS = join(import.meta.dirname, '..', '..', '.serverless');

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
