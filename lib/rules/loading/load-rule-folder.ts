import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { RuleLoadError } from '../errors.js';
import { isSigmaDocument, loadSigmaRule } from '../languages/sigma/sigma-rule.js';
import { compileSuppressions, isSuppressionDocument, type Suppression } from '../engine/suppressions.js';
import type { CompiledRule, Refusal } from '../types.js';
import { parseYamlFile } from '../languages/yaml/yaml-file.js';
import { compileYamlRule } from '../languages/yaml/yaml-rule.js';

/** What one folder (or file) of user rules holds. */
export type LoadedFolder = {
  rules: CompiledRule[];
  suppressions: Suppression[];
  refused: Refusal[];
  /** Every invalid file; the caller decides whether to throw (RuleSetLoadError). */
  errors: RuleLoadError[];
  /** Fixture files found (`<name>.cases.json`), by the base name they belong to. */
  cases: Map<string, string>;
};

const isYaml = (file: string) => /\.ya?ml$/i.test(file);
const CASES_SUFFIX = '.cases.json';

/** Lists files under a path, sorted, skipping dot-entries and node_modules. */
const listFiles = (path: string): string[] => {
  const info = statSync(path);
  if (info.isFile()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
};

/**
 * Loads every rule and suppression file under a folder (or one file): trailwatch YAML rules,
 * CloudWatch pattern rules, Sigma rules and suppression lists, told apart by their keys.
 * Other files are ignored, except `<name>.cases.json` fixtures, which are recorded.
 *
 * Errors do not stop the walk: each invalid file is collected with its line and reason so
 * one run reports them all. Sigma rules trailwatch cannot run are refused, not errors.
 *
 * @param path - a folder or a file
 * @returns what was loaded, refused and wrong
 * @throws RuleLoadError when the path does not exist
 */
export const loadRuleFolder = (path: string): LoadedFolder => {
  if (!existsSync(path)) throw new RuleLoadError(path, undefined, 'no such file or folder');
  const loaded: LoadedFolder = { rules: [], suppressions: [], refused: [], errors: [], cases: new Map() };
  for (const file of listFiles(path)) {
    if (file.endsWith(CASES_SUFFIX)) {
      loaded.cases.set(join(dirname(file), basename(file, CASES_SUFFIX)), file);
      continue;
    }
    if (!isYaml(file)) continue;
    try {
      loadFile(file, loaded);
    } catch (error) {
      if (error instanceof RuleLoadError) loaded.errors.push(error);
      else throw error;
    }
  }
  for (const rule of loaded.rules) {
    const cases = loaded.cases.get(join(dirname(rule.meta.file), basename(rule.meta.file, extname(rule.meta.file))));
    if (cases) rule.casesFile = cases;
  }
  return loaded;
};

const loadFile = (file: string, into: LoadedFolder): void => {
  const docs = parseYamlFile(file, readFileSync(file, 'utf8')).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length === 0) return;
  const first = docs[0] as (typeof docs)[number];
  if (docs.length > 1) {
    if (isSigmaDocument(first.value) || (first.value as { action?: unknown })?.action !== undefined) {
      into.refused.push({
        file,
        line: 1,
        reason: 'multi-document Sigma rule collections are not supported; one rule per file',
      });
      return;
    }
    throw first.error([], 'one rule per file: found several YAML documents');
  }
  if (typeof first.value !== 'object' || Array.isArray(first.value)) {
    throw first.error([], 'expected a mapping: a trailwatch rule, a Sigma rule or a suppressions list');
  }
  if (isSigmaDocument(first.value)) {
    const result = loadSigmaRule(first);
    if (result.rule) into.rules.push(result.rule);
    else into.refused.push(result.refusal);
    return;
  }
  if (isSuppressionDocument(first.value)) {
    into.suppressions.push(...compileSuppressions(first));
    return;
  }
  if ('id' in (first.value as object)) {
    into.rules.push(compileYamlRule(first));
    return;
  }
  throw first.error(
    [],
    'not a trailwatch rule (id, title, severity, match|pattern), a Sigma rule (logsource, detection) or a suppressions list'
  );
};
