import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { readLogStream } from '../../cloudtrail/read-records.js';
import type { Alert } from '../../model/alert.js';
import { buildCaseRecords, type CaseInput } from './case-records.js';
import { RuleLoadError } from '../errors.js';
import { RuleEngine } from '../engine/rule-engine.js';
import type { CompiledRule } from '../types.js';

/** The outcome of one case. */
export type CaseResult = {
  ruleId: string;
  name: string;
  expect: boolean;
  alerted: boolean;
  passed: boolean;
  alerts: Alert[];
};

/**
 * Reads a `<rule>.cases.json` file: a list of `{ name, expect, record | records, repeat?, as?, raw? }`.
 * @param file - the path
 * @returns the cases
 * @throws RuleLoadError naming the file and the bad entry
 */
export const loadCasesFile = (file: string): CaseInput[] => {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RuleLoadError(file, undefined, `cases file is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(value)) throw new RuleLoadError(file, undefined, 'a cases file holds a JSON list of cases');
  value.forEach((c, i) => {
    const bad = (reason: string) => new RuleLoadError(file, undefined, `case ${i}: ${reason}`);
    if (typeof c !== 'object' || c === null) throw bad('must be an object');
    if (typeof c.name !== 'string' || c.name === '') throw bad('needs a name');
    if (typeof c.expect !== 'boolean') throw bad(`'${c.name}' needs expect: true or false`);
    if ((c.record === undefined) === (c.records === undefined))
      throw bad(`'${c.name}' needs exactly one of record or records`);
    if (c.repeat !== undefined && (!Number.isInteger(c.repeat.count) || c.repeat.count < 1))
      throw bad(`'${c.name}' repeat.count must be a positive integer`);
  });
  return value as CaseInput[];
};

/**
 * Runs one case through the real reader and a detector holding only `rule`: the records are
 * written as a log file body, split, head-extracted and matched exactly as ingest does.
 * @param rule - the rule under test
 * @param c - the case
 * @returns whether the rule alerted, and whether that is what the case expects
 */
export const runCase = async (rule: CompiledRule, c: CaseInput): Promise<CaseResult> => {
  const records = buildCaseRecords(rule.meta.id, c);
  const body = Buffer.from(JSON.stringify({ Records: records }));
  const engine = new RuleEngine([rule]);
  const ref = { bucket: 'cases', key: `${rule.meta.id}/${c.name}` };
  const detector = engine.detector(ref);
  await readLogStream(Readable.from([body]), ref, { onRecord: (view) => detector.onRecord(view) });
  const alerts = detector.finish();
  const alerted = alerts.length > 0;
  return { ruleId: rule.meta.id, name: c.name, expect: c.expect, alerted, passed: alerted === c.expect, alerts };
};
