import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiledBuiltinRules } from '../../lib/rules/loading/load-rule-set.js';
import { loadCasesFile, runCase } from '../../lib/rules/cases/run-cases.js';
import { openIpEnricher } from '../../lib/context/index.js';
import { IP_DATA_DIR } from '../helpers/ip-data.js';

// Rules that read context.sourceIPAddress run with the real databases, as ingest runs them.
const enricher = openIpEnricher(IP_DATA_DIR);
import { firstSeenCaseOptions } from './helpers.js';

const table = compiledBuiltinRules().flatMap((rule) => {
  const file = rule.meta.file.replace(/\.ts$/, '.cases.json');
  return existsSync(file) ? loadCasesFile(file).map((c) => ({ rule, c, label: `${rule.meta.id}: ${c.name}` })) : [];
});

describe('built-in rule cases', () => {
  it.each(table)('$label', async ({ rule, c }) => {
    // Act
    const result = await runCase(rule, c, { ...firstSeenCaseOptions, enricher });
    // Assess
    expect(result.alerted, `expected ${c.expect ? 'an alert' : 'no alert'}`).toBe(c.expect);
    if (c.severity !== undefined) expect(result.alerts.map((a) => a.severity)).toEqual([c.severity]);
  });
});
