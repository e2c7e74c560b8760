import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  type CompiledRule,
  describeCondition,
  loadRuleSet,
  RuleLoadError,
  RuleSetLoadError,
  testRuleFolder,
} from '../rules/index.js';
import { checkChoice } from './check-choice.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';

const HELP = `usage: trailwatch rules list [--rules <path>…] [--disable <id>…] [--format table|jsonl|json]
       trailwatch rules test <path>… [--format table|jsonl]

list   the active rules: the built-in pack plus --rules folders (YAML, CloudWatch patterns,
       Sigma), minus --disable ids or globs; each refused Sigma file is listed with its line
       and reason
test   runs the fixtures beside each rule (<name>.cases.json); exit 1 when a case fails
  --format table|jsonl   table on a terminal, jsonl otherwise; list also takes json (one
                         object: rules, suppressions, refused)
Exit status: 0 done; 1 an invalid rule file or a failing case; 2 on usage errors and paths that
do not exist.
`;

/** `trailwatch rules`: list the active rules, run a folder's rule fixtures. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'rules', HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...paths] = positionals;
  const format = values.format ?? (io.isTty ? 'table' : 'jsonl');
  const badFormat = checkChoice(
    '--format',
    format,
    action === 'list' ? ['table', 'jsonl', 'json'] : ['table', 'jsonl']
  );
  if (badFormat !== undefined) return usageError(io, 'rules', badFormat);
  if (action === undefined) return usageError(io, 'rules', 'missing list or test', true);
  if (action !== 'list' && action !== 'test')
    return usageError(io, 'rules', `unknown action '${action}': list or test`, true);
  if (action === 'test' && paths.length === 0) return usageError(io, 'rules test', 'missing <path>', true);
  if (action === 'list' && paths.length > 0) return usageError(io, 'rules list', `unexpected argument '${paths[0]}'`);
  // A path that is not there is a usage error naming it (exit 2), not an invalid rule file.
  for (const path of action === 'test' ? paths : (values.rules ?? [])) await stat(path);
  try {
    return action === 'list'
      ? list(values.rules ?? [], values.disable ?? [], format, io)
      : await test(paths, format, io);
  } catch (error) {
    if (error instanceof RuleSetLoadError || error instanceof RuleLoadError) {
      io.stderr(`trailwatch rules: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      rules: { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

const describe = (rule: CompiledRule) => ({
  id: rule.meta.id,
  severity: rule.meta.severity,
  form: rule.meta.form,
  title: rule.meta.title,
  tags: rule.meta.tags,
  file: rule.meta.file,
  ...(rule.meta.line ? { line: rule.meta.line } : {}),
  ...(rule.threshold ? { threshold: rule.threshold } : {}),
  ...(rule.meta.sigma ? { sigma: rule.meta.sigma } : {}),
  ...(rule.meta.warnings.length > 0 ? { warnings: rule.meta.warnings } : {}),
  condition: describeCondition(rule.condition),
});

const list = (dirs: string[], disabled: string[], format: string, io: CliIo): number => {
  const set = loadRuleSet({ dirs, disabled: disabled.flatMap(splitCommas) });
  if (set.unknownDisabled.length > 0)
    return usageError(io, 'rules list', `--disable names no rule: ${set.unknownDisabled.join(', ')}`);
  if (format === 'json') {
    const listing = { rules: set.rules.map(describe), suppressions: set.suppressions.length, refused: set.refused };
    io.stdout(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  if (format === 'jsonl') {
    for (const rule of set.rules) io.stdout(`${JSON.stringify(describe(rule))}\n`);
    for (const refusal of set.refused) io.stdout(`${JSON.stringify({ refused: refusal })}\n`);
    return 0;
  }
  const width = Math.max(...set.rules.map((r) => r.meta.id.length), 2);
  io.stdout(`${'id'.padEnd(width)}  ${'severity'.padEnd(8)}  ${'form'.padEnd(10)}  title\n`);
  for (const rule of set.rules)
    io.stdout(
      `${rule.meta.id.padEnd(width)}  ${rule.meta.severity.padEnd(8)}  ${rule.meta.form.padEnd(10)}  ${rule.meta.title}\n`
    );
  const refused = set.refused.length > 0 ? `, ${set.refused.length} refused` : '';
  io.stdout(`\n${set.rules.length} rules, ${set.suppressions.length} suppressions${refused}\n`);
  for (const refusal of set.refused)
    io.stdout(`refused ${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.reason}\n`);
  return 0;
};

const test = async (paths: string[], format: string, io: CliIo): Promise<number> => {
  let failed = 0;
  let total = 0;
  for (const path of paths) {
    const report = await testRuleFolder(path);
    for (const result of report.results) {
      total++;
      if (!result.passed) failed++;
      if (format === 'jsonl') {
        io.stdout(
          `${JSON.stringify({ ruleId: result.ruleId, case: result.name, expect: result.expect, alerted: result.alerted, passed: result.passed })}\n`
        );
      } else {
        io.stdout(
          `${result.passed ? 'pass' : 'FAIL'}  ${result.ruleId}: ${result.name}${result.passed ? '' : ` (expected ${result.expect ? `an alert${result.severity ? ` of severity ${result.severity}` : ''}` : 'no alert'})`}\n`
        );
      }
    }
    for (const id of report.untested) io.stderr(`trailwatch rules: ${id} has no cases file\n`);
    for (const refusal of report.refused)
      io.stderr(
        `trailwatch rules: refused ${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.reason}\n`
      );
  }
  if (format === 'table') io.stdout(`\n${total - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
};

const splitCommas = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
