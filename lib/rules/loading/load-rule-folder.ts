import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { MAX_RULE_FILE_BYTES } from '../constants.js';
import { RuleLoadError } from '../errors.js';
import { loadSigmaFilter, type SigmaFilter } from '../languages/sigma/sigma-filter.js';
import { sigmaDocumentKind } from '../languages/sigma/sigma-rule.js';
import { compileSuppressions, isSuppressionDocument, type Suppression } from '../engine/suppressions.js';
import type { CompiledRule, Refusal } from '../types.js';
import { parseYamlFile, type YamlDocument } from '../languages/yaml/yaml-file.js';
import { compileYamlRule } from '../languages/yaml/yaml-rule.js';
import { firstInvalidUtf8 } from './first-invalid-utf8.js';
import { loadSigmaCollection, loadSigmaDocument } from '../correlation/load-sigma-documents.js';
import { isYamlCorrelation, parseYamlCorrelation } from '../correlation/parse-yaml-correlation.js';
import type { ParsedCorrelation } from '../correlation/types.js';

/** What one folder (or file) of user rules holds. */
export type LoadedFolder = {
  rules: CompiledRule[];
  suppressions: Suppression[];
  /** Sigma filters, not yet applied: they may name rules of other folders (applySigmaFilters). */
  filters: SigmaFilter[];
  refused: Refusal[];
  /** Correlations (Sigma, and YAML count/distinct/all/sequence rules), resolved by the rule set. */
  correlations: ParsedCorrelation[];
  /** Every invalid file; the caller decides whether to throw (RuleSetLoadError). */
  errors: RuleLoadError[];
  /** Fixture files found (`<name>.cases.json`), by the base name they belong to. */
  cases: Map<string, string>;
};

const isYaml = (file: string) => /\.ya?ml$/i.test(file);
const CASES_SUFFIX = '.cases.json';

const reasonOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
};

/** Lists files under a path, sorted, skipping dot-entries and node_modules; unreadable folders become errors. */
const listFiles = (path: string, errors: RuleLoadError[]): string[] => {
  let entries: Dirent[];
  try {
    if (statSync(path).isFile()) return [path];
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    errors.push(new RuleLoadError(path, undefined, `cannot be read: ${reasonOf(error)}`, { cause: error }));
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, errors));
    else if (entry.isFile()) out.push(full);
  }
  return out;
};

/**
 * Loads every rule and suppression file under a folder (or one file): trailwatch YAML rules,
 * CloudWatch pattern rules, Sigma rules and suppression lists, told apart by their keys.
 * Other files are ignored, except `<name>.cases.json` fixtures, which are recorded.
 *
 * Errors do not stop the walk: each invalid file is collected with its line and reason so one
 * run reports them all, and nothing a file holds (an alias bomb, a huge or binary file, bytes
 * that are not UTF-8, nesting too deep, a wrong type in any field) escapes as anything but a
 * RuleLoadError of that file. Sigma filters are returned unapplied (applySigmaFilters); Sigma
 * correlations (and YAML count/distinct/all/sequence rules) are returned for the rule set to
 * resolve; Sigma documents trailwatch cannot run (`action:` collections, what the specification
 * does not have) are refused, not errors.
 *
 * @param path - a folder or a file
 * @returns what was loaded, refused and wrong
 * @throws RuleLoadError when the path does not exist
 */
export const loadRuleFolder = (path: string): LoadedFolder => {
  if (!existsSync(path)) throw new RuleLoadError(path, undefined, 'no such file or folder');
  const loaded: LoadedFolder = {
    rules: [],
    suppressions: [],
    filters: [],
    refused: [],
    correlations: [],
    errors: [],
    cases: new Map(),
  };
  for (const file of listFiles(path, loaded.errors)) {
    if (file.endsWith(CASES_SUFFIX)) {
      loaded.cases.set(join(dirname(file), basename(file, CASES_SUFFIX)), file);
      continue;
    }
    if (!isYaml(file)) continue;
    try {
      loadFile(file, loaded);
    } catch (error) {
      loaded.errors.push(error instanceof RuleLoadError ? error : unexpected(file, error));
    }
  }
  for (const rule of loaded.rules) {
    const cases = loaded.cases.get(join(dirname(rule.meta.file), basename(rule.meta.file, extname(rule.meta.file))));
    if (cases) rule.casesFile = cases;
  }
  return loaded;
};

/** An error no check foresaw, as an error of the file that caused it (the walk goes on). */
const unexpected = (file: string, error: unknown): RuleLoadError =>
  new RuleLoadError(
    file,
    undefined,
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'nested too deeply to load'
      : `cannot be loaded: ${reasonOf(error)}`,
    { cause: error }
  );

/** The 1-based line of a byte offset. */
const lineOfByte = (bytes: Buffer, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

/** A rule file's text: refused when it is too large to be a rule file or not UTF-8. */
const readRuleFile = (file: string): string => {
  let size: number;
  let bytes: Buffer;
  try {
    size = statSync(file).size;
    if (size > MAX_RULE_FILE_BYTES)
      throw new RuleLoadError(
        file,
        1,
        `file is ${size} bytes, more than a rule file may hold (${MAX_RULE_FILE_BYTES} bytes); split it or remove what is not a rule`
      );
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof RuleLoadError) throw error;
    throw new RuleLoadError(file, undefined, `cannot be read: ${reasonOf(error)}`, { cause: error });
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0)
    throw new RuleLoadError(
      file,
      lineOfByte(bytes, bad),
      `not UTF-8 text: byte 0x${(bytes[bad] as number).toString(16).padStart(2, '0')} at offset ${bad} (save the file as UTF-8)`
    );
  return bytes.toString('utf8');
};

const describeValue = (value: unknown): string =>
  Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;

const REFUSED_SIGMA_KINDS = {
  action: { at: 'action', reason: 'Sigma collection action documents are not supported; one rule per file' },
} as const;

const loadFile = (file: string, into: LoadedFolder): void => {
  const docs = parseYamlFile(file, readRuleFile(file)).filter((d) => d.value !== null && d.value !== undefined);
  const first = docs[0];
  if (first === undefined) return;
  if (docs.length > 1) {
    refuseOrRejectCollection(file, docs, into);
    return;
  }
  if (typeof first.value !== 'object' || Array.isArray(first.value)) {
    throw first.error(
      [],
      `expected a mapping (a trailwatch rule, a Sigma rule or a suppressions list), got ${describeValue(first.value)}`
    );
  }
  const kind = sigmaDocumentKind(first.value);
  if (kind === 'filter') {
    const result = loadSigmaFilter(first);
    if (result.filter) into.filters.push(result.filter);
    else into.refused.push(result.refusal);
    return;
  }
  if (kind === 'action') {
    const { at, reason } = REFUSED_SIGMA_KINDS[kind];
    into.refused.push({ file, line: first.lineAt([at]), reason });
    return;
  }
  if (kind === 'rule' || kind === 'correlation') {
    loadSigmaDocument(first, into);
    return;
  }
  if (isSuppressionDocument(first.value)) {
    into.suppressions.push(...compileSuppressions(first));
    return;
  }
  if (isYamlCorrelation(first.value)) {
    into.correlations.push(parseYamlCorrelation(first));
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

/**
 * A file of several documents: a Sigma collection of rules and correlations loads (each
 * document its own rule); one with `action:` documents, filters or no correlation is refused at
 * its second document; anything else is an error at the
 * second document, since a trailwatch file holds one rule or one suppressions list.
 */
const refuseOrRejectCollection = (file: string, docs: YamlDocument[], into: LoadedFolder): void => {
  const kinds = docs.map((d) => sigmaDocumentKind(d.value));
  const second = docs[1] as YamlDocument;
  if (kinds.every((k) => k === undefined))
    throw second.error([], `one rule per file: found ${docs.length} YAML documents, the second starts here`);
  if (loadSigmaCollection(docs, into)) return;
  into.refused.push({
    file,
    line: second.lineAt([]),
    reason: 'multi-document Sigma rule collections are not supported; one rule per file',
  });
};
