import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { readLogStream } from '../../cloudtrail/read-records.js';
import { type Alert, SEVERITIES, type Severity } from '../../model/alert.js';
import type { IpEnricher } from '../../model/ip-context.js';
import { buildCaseRecords, type CaseInput, rawCaseProblem } from './case-records.js';
import { RuleLoadError } from '../errors.js';
import { RuleEngine } from '../engine/rule-engine.js';
import { NO_RULE_CONTEXT } from '../constants.js';
import type { CompiledRule } from '../types.js';
import type { CloudTrailRecord } from '../../model/record.js';
import type { FirstSeenJudge } from '../../model/baseline.js';

/**
 * What cases run with: for first-seen rules, a judge over a fresh baseline store with the given
 * learning period (the rules area holds no store; test and CLI callers pass one); for rules that
 * read `context.sourceIPAddress`, the offline IP context.
 */
export type CaseOptions = {
  firstSeenJudge?: (learningMs: number) => FirstSeenJudge;
  enricher?: IpEnricher;
};

/** The outcome of one case. */
export type CaseResult = {
  ruleId: string;
  name: string;
  expect: boolean;
  alerted: boolean;
  passed: boolean;
  alerts: Alert[];
  /** The severity the case asks for, when it asks for one. */
  severity?: Severity;
};

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The lists a case's `context` may give (RuleContext). */
const CONTEXT_KEYS: readonly string[] = Object.keys(NO_RULE_CONTEXT);

/**
 * Reads a `<rule>.cases.json` file: a list of
 * `{ name, expect, record | records, repeat?, as?, raw?, context?, severity? }`.
 * @param file - the path
 * @returns the cases
 * @throws RuleLoadError naming the file and the bad entry (a raw case lacking a field CloudTrail
 *   always writes names the case and the fields)
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
    if (
      c.context !== undefined &&
      (typeof c.context !== 'object' ||
        c.context === null ||
        Object.entries(c.context).some(([k, v]) => !CONTEXT_KEYS.includes(k) || (v !== undefined && !isStringList(v))))
    )
      throw bad(`'${c.name}' context holds ${CONTEXT_KEYS.join(', ')}: lists of strings`);
    if (c.severity !== undefined && !SEVERITIES.includes(c.severity))
      throw bad(`'${c.name}' severity must be one of ${SEVERITIES.join(', ')}`);
    if (c.raw !== undefined && typeof c.raw !== 'boolean') throw bad(`'${c.name}' raw must be true or false`);
    if (
      c.learned !== undefined &&
      (!Array.isArray(c.learned) || c.learned.some((r: unknown) => typeof r !== 'object' || r === null))
    )
      throw bad(`'${c.name}' learned must be a list of records`);
    const rawProblem = rawCaseProblem(c);
    if (rawProblem !== undefined) throw bad(rawProblem);
  });
  return value as CaseInput[];
};

/**
 * Runs one case through the real reader and a detector holding only `rule`: the records are
 * written as a log file body, split, head-extracted and matched exactly as ingest does, in the
 * deployment the case's `context` describes.
 * @param rule - the rule under test
 * @param c - the case
 * @param options - the first-seen judge and the IP context (`CaseOptions`)
 * @returns whether the rule alerted, and whether that (and the severity, when the case names
 *   one) is what the case expects
 */
export const runCase = async (rule: CompiledRule, c: CaseInput, options: CaseOptions = {}): Promise<CaseResult> => {
  const records = buildCaseRecords(rule.meta.id, c);
  const engine = new RuleEngine([rule], {
    context: { ...NO_RULE_CONTEXT, ...c.context },
    ...(options.enricher ? { enricher: options.enricher } : {}),
  });
  const ref = { bucket: 'cases', key: `${rule.meta.id}/${c.name}` };
  const alerts = rule.firstSeen
    ? await runFirstSeenCase(engine, ref, c, records, options)
    : (await detectIn(engine, ref, records)).finish();
  const alerted = alerts.length > 0;
  const severityHolds = c.severity === undefined || alerts.every((a) => a.severity === c.severity);
  return {
    ruleId: rule.meta.id,
    name: c.name,
    expect: c.expect,
    alerted,
    passed: alerted === c.expect && severityHolds,
    alerts,
    ...(c.severity !== undefined ? { severity: c.severity } : {}),
  };
};

/** One log file of `records` through the real reader and a fresh detector of `engine`. */
const detectIn = async (engine: RuleEngine, ref: { bucket: string; key: string }, records: CloudTrailRecord[]) => {
  const detector = engine.detector(ref);
  const take = detector.deferFirstSeen?.();
  const body = Buffer.from(JSON.stringify({ Records: records }));
  await readLogStream(Readable.from([body]), ref, { onRecord: (view) => detector.onRecord(view) });
  return { finish: () => detector.finish(), candidates: () => take?.() ?? [] };
};

const earliest = (records: readonly CloudTrailRecord[]): number =>
  Math.min(...records.map((r) => Date.parse(r.eventTime ?? '')).filter(Number.isFinite));

/**
 * A first-seen case: its `learned` records in one file, learnt during the learning period, then
 * its records in a second file, judged after it (the period ends at the first of them).
 */
const runFirstSeenCase = async (
  engine: RuleEngine,
  ref: { bucket: string; key: string },
  c: CaseInput,
  records: CloudTrailRecord[],
  options: CaseOptions
) => {
  if (options.firstSeenJudge === undefined)
    throw new Error(
      `case '${c.name}': ${engine.rules[0]?.meta.id} is a first-seen rule: its cases need a baseline store`
    );
  const learned = (c.learned ?? []).map((r) => structuredClone(r) as CloudTrailRecord);
  const start = earliest([...learned, ...records]);
  const judge = options.firstSeenJudge(Math.max(0, earliest(records) - start));
  if (learned.length > 0) {
    const learnedRef = { ...ref, key: `${ref.key}/learned` };
    const file = await detectIn(engine, learnedRef, learned);
    file.finish();
    await judge(file.candidates(), `${ref.bucket}/${learnedRef.key}`, new Date(start).toISOString());
  }
  const file = await detectIn(engine, ref, records);
  return [...file.finish(), ...(await judge(file.candidates(), `${ref.bucket}/${ref.key}`))];
};
