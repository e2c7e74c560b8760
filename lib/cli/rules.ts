import { plural } from './plural.js';
import { cliIpEnricher } from './ip-context.js';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  attackCoverage,
  type CompiledRule,
  describeCondition,
  loadRuleSet,
  navigatorLayer,
  RuleLoadError,
  RuleSetLoadError,
  testRuleFolder,
} from '../rules/index.js';
import { checkChoice } from './check-choice.js';
import { ruleWarningLines } from './rule-warnings.js';
import { ATTACK_TACTICS } from '../rules/attack/techniques.js';
import { memoryBaselineStore } from '../incidents/memory-baseline-store.js';
import { firstSeenJudge } from '../pipelines/first-seen.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';

const HELP = `usage: trailwatch rules list [--rules <path>…] [--disable <id>…] [--format table|jsonl|json]
       trailwatch rules test <path>… [--format table|jsonl]
       trailwatch rules coverage [--rules <path>…] [--disable <id>…] [--format table|json|navigator]

list      the active rules: the built-in pack plus --rules folders (YAML, CloudWatch patterns,
          Sigma), minus --disable ids or globs; each refused Sigma file is listed with its
          line and reason
test      runs the fixtures beside each rule (<name>.cases.json); exit 1 when a case fails
coverage  the ATT&CK Enterprise tactic x technique matrix of the active rules (from their
          attack.* tags); navigator prints an ATT&CK Navigator layer (format 4.5)
  --format  list: table|jsonl|json (json: one object of rules, suppressions, refused);
            test: table|jsonl; coverage: table|json|navigator; table on a terminal,
            jsonl (coverage: json) otherwise
Exit status: 0 done; 1 an invalid rule file or a failing case; 2 on usage errors and paths that
do not exist.
`;

const FORMATS: Readonly<Record<string, readonly string[]>> = {
  list: ['table', 'jsonl', 'json'],
  test: ['table', 'jsonl'],
  coverage: ['table', 'json', 'navigator'],
};

/** `trailwatch rules`: list the active rules, run a folder's rule fixtures, show their ATT&CK coverage. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'rules', HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...paths] = positionals;
  if (action === undefined) return usageError(io, 'rules', 'missing list, test or coverage', true);
  const formats = FORMATS[action];
  if (formats === undefined) return usageError(io, 'rules', `unknown action '${action}': list, test or coverage`, true);
  const format = values.format ?? (io.isTty ? 'table' : action === 'coverage' ? 'json' : 'jsonl');
  const badFormat = checkChoice('--format', format, formats);
  if (badFormat !== undefined) return usageError(io, 'rules', badFormat);
  if (action === 'test' && paths.length === 0) return usageError(io, 'rules test', 'missing <path>', true);
  if (action !== 'test' && paths.length > 0)
    return usageError(io, `rules ${action}`, `unexpected argument '${paths[0]}'`);
  // A path that is not there is a usage error naming it (exit 2), not an invalid rule file.
  for (const path of action === 'test' ? paths : (values.rules ?? [])) await stat(path);
  try {
    if (action === 'coverage') return coverage(values.rules ?? [], values.disable ?? [], format, io);
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
  ...(rule.threshold
    ? {
        threshold: {
          count: rule.threshold.count,
          windowMs: rule.threshold.windowMs,
          ...(rule.threshold.distinct ? { distinct: rule.threshold.distinct.paths } : {}),
        },
      }
    : {}),
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
  for (const line of ruleWarningLines(set.rules)) io.stdout(`${line}\n`);
  return 0;
};

const isTechniqueTag = (tag: string): boolean => /^attack\.t\d{4}(\.\d{3})?$/.test(tag);
const isTacticTag = (tag: string): boolean =>
  (ATTACK_TACTICS as readonly string[]).includes(tag.slice('attack.'.length));

const coverage = (dirs: string[], disabled: string[], format: string, io: CliIo): number => {
  const set = loadRuleSet({ dirs, disabled: disabled.flatMap(splitCommas) });
  if (set.unknownDisabled.length > 0)
    return usageError(io, 'rules coverage', `--disable names no rule: ${set.unknownDisabled.join(', ')}`);
  const matrix = attackCoverage(set.rules.map((r) => ({ id: r.meta.id, tags: r.meta.tags })));
  const whereIs = new Map(set.rules.map((r) => [r.meta.id, `${r.meta.file}${r.meta.line ? `:${r.meta.line}` : ''}`]));
  for (const { ruleId, tag } of matrix.unknownTags)
    io.stderr(
      `trailwatch rules: ${whereIs.get(ruleId)}: ${ruleId}: ${tag} is not a technique of ATT&CK Enterprise ${matrix.attack} (left out of the coverage)\n`
    );
  // A misspelt tactic (`attack.defence-evasion`) or a capital T (`attack.T1562`) would otherwise
  // drop out of the matrix without a word, and the rule look as if it covered less.
  for (const rule of set.rules)
    for (const tag of rule.meta.tags)
      if (tag.startsWith('attack.') && !isTechniqueTag(tag) && !isTacticTag(tag))
        io.stderr(
          `trailwatch rules: ${whereIs.get(rule.meta.id)}: ${rule.meta.id}: ${tag} is neither a technique (attack.t1234.001) nor a tactic of ATT&CK Enterprise ${matrix.attack} (left out of the coverage)\n`
        );
  if (format === 'navigator') {
    io.stdout(`${JSON.stringify(navigatorLayer(matrix), null, 2)}\n`);
    return 0;
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify(matrix, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(9, ...matrix.techniques.map((t) => t.id.length));
  for (const { tactic, techniques } of matrix.tactics) {
    io.stdout(`${tactic} (${plural(techniques.length, 'technique')})\n`);
    for (const t of techniques)
      io.stdout(
        `  ${t.id.padEnd(width)}  ${String(t.ruleIds.length).padStart(3)}  ${t.name}: ${t.ruleIds.join(', ')}\n`
      );
  }
  const tactics = matrix.tactics.filter((t) => t.techniques.length > 0).length;
  io.stdout(
    `\n${matrix.rules} rules cover ${matrix.techniques.length} techniques in ${tactics} of ${matrix.tactics.length} tactics (ATT&CK Enterprise ${matrix.attack})\n`
  );
  if (matrix.rulesWithoutTechniques.length > 0)
    io.stdout(`rules naming no technique: ${matrix.rulesWithoutTechniques.join(', ')}\n`);
  return 0;
};

const test = async (paths: string[], format: string, io: CliIo): Promise<number> => {
  // Cases of rules that read context.sourceIPAddress need the databases (exit 2 when unusable).
  const { enricher } = cliIpEnricher(process.env);
  let failed = 0;
  let total = 0;
  let untestedPaths = 0;
  for (const path of paths) {
    // First-seen rules' cases learn and judge over a fresh in-memory baseline for each case.
    const report = await testRuleFolder(path, {
      enricher,
      firstSeenJudge: (learningMs) => firstSeenJudge({ store: memoryBaselineStore(), learningMs }),
    });
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
    // A mistyped folder in CI would otherwise pass with nothing tested.
    if (report.results.length === 0) {
      untestedPaths++;
      io.stderr(`trailwatch rules: no rule cases under ${path}: nothing was tested\n`);
    }
    for (const refusal of report.refused)
      io.stderr(
        `trailwatch rules: refused ${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.reason}\n`
      );
  }
  if (format === 'table') io.stdout(`\n${total - failed} passed, ${failed} failed\n`);
  return failed > 0 || untestedPaths > 0 ? 1 : 0;
};

const splitCommas = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
