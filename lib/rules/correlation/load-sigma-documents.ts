import { loadSigmaRule, sigmaDocumentKind, sigmaRuleId } from '../languages/sigma/sigma-rule.js';
import type { YamlDocument } from '../languages/yaml/yaml-file.js';
import type { CompiledRule, Refusal } from '../types.js';
import { parseSigmaCorrelation } from './parse-sigma-correlation.js';
import type { ParsedCorrelation } from './types.js';

/** Where the documents of a rule file go. */
export type SigmaInto = { rules: CompiledRule[]; refused: Refusal[]; correlations: ParsedCorrelation[] };

const kebab = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The Sigma `name` of a document, if it has one. */
const nameOf = (doc: YamlDocument): string | undefined => {
  const name = (doc.value as Record<string, unknown>).name;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
};

/**
 * Loads one Sigma rule or correlation document. A rule keeps its Sigma `name` (correlations
 * reference rules by it); `id` overrides the trailwatch id (a collection's documents).
 * @param doc - the document
 * @param into - where the rule, correlation or refusal goes
 * @param id - the trailwatch id (default `sigma-<file name>`)
 */
export const loadSigmaDocument = (doc: YamlDocument, into: SigmaInto, id = sigmaRuleId(doc.file)): void => {
  if (sigmaDocumentKind(doc.value) === 'correlation') {
    const parsed = parseSigmaCorrelation(doc, id);
    if (parsed.refusal) into.refused.push(parsed.refusal);
    else into.correlations.push(parsed.correlation);
    return;
  }
  const result = loadSigmaRule(doc);
  if (!result.rule) {
    into.refused.push(result.refusal);
    return;
  }
  const name = nameOf(doc);
  into.rules.push({
    ...result.rule,
    meta: {
      ...result.rule.meta,
      id,
      ...(name !== undefined ? { sigma: { ...result.rule.meta.sigma, name } } : {}),
    },
  });
};

/**
 * Loads a Sigma rule collection: a multi-document file of rules and correlations (Sigma
 * correlation specification, "Failed Logins Followed by Successful Login"). Each document gets
 * the id `sigma-<file>-<name>` (or its position when it has no name). A collection with
 * `action:` documents or filters is not one this loader reads.
 * @param docs - the file's documents
 * @param into - where they go
 * @returns false when the documents are not all Sigma rules and correlations
 */
export const loadSigmaCollection = (docs: readonly YamlDocument[], into: SigmaInto): boolean => {
  const kinds = docs.map((d) => sigmaDocumentKind(d.value));
  if (!kinds.includes('correlation') || !kinds.every((k) => k === 'rule' || k === 'correlation')) return false;
  docs.forEach((doc, i) => {
    loadSigmaDocument(doc, into, `${sigmaRuleId(doc.file)}-${kebab(nameOf(doc) ?? String(i + 1))}`);
  });
  return true;
};
