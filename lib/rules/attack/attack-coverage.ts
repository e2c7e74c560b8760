import { readAttackTags, techniqueOfTag } from './attack-tags.js';
import { ATTACK_TACTICS, ATTACK_VERSION } from './techniques.js';
import type { AttackTechnique } from './types.js';

/** What coverage needs of a rule: its id and its tags. */
export type TaggedRule = { id: string; tags: readonly string[] };

/** One technique under one tactic, with the rules that detect it. */
export type CoveredTechnique = { id: string; name: string; ruleIds: string[] };

/** The tactic × technique matrix of a rule set. */
export type AttackCoverage = {
  /** The ATT&CK release of the table the tags were read against. */
  attack: string;
  /** How many rules were read. */
  rules: number;
  /** Every tactic in matrix order, with its covered techniques in id order (empty when none). */
  tactics: Array<{ tactic: string; techniques: CoveredTechnique[] }>;
  /** Every covered technique once, in id order, with every rule that names it. */
  techniques: CoveredTechnique[];
  /** Rules that name no technique of the table. */
  rulesWithoutTechniques: string[];
  /** `attack.t…` tags the table does not hold (revoked, deprecated, mistyped), by rule. */
  unknownTags: Array<{ ruleId: string; tag: string }>;
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The ATT&CK coverage of a rule set: each technique a rule tags is placed under the tactics the
 * rule tags for it (those of its tactics the rule names), or under all of the technique's
 * tactics when the rule names none of them (Sigma rules often tag techniques only).
 * @param rules - the active rules
 * @returns the matrix, the techniques, and the rules and tags it could not place
 * @example
 * const coverage = attackCoverage(set.rules.map((r) => ({ id: r.meta.id, tags: r.meta.tags })));
 */
export const attackCoverage = (rules: readonly TaggedRule[]): AttackCoverage => {
  const cells = new Map<string, Map<string, CoveredTechnique>>(ATTACK_TACTICS.map((t) => [t, new Map()]));
  const techniques = new Map<string, CoveredTechnique>();
  const rulesWithoutTechniques: string[] = [];
  const unknownTags: Array<{ ruleId: string; tag: string }> = [];
  const place = (tactic: string, technique: AttackTechnique, ruleId: string) => {
    const column = cells.get(tactic);
    if (!column) return;
    const cell = column.get(technique.id) ?? { id: technique.id, name: technique.name, ruleIds: [] };
    if (!cell.ruleIds.includes(ruleId)) cell.ruleIds.push(ruleId);
    column.set(technique.id, cell);
  };
  for (const rule of rules) {
    const read = readAttackTags(rule.tags);
    for (const tag of rule.tags)
      if (/^attack\.t\d{4}(\.\d{3})?$/.test(tag) && techniqueOfTag(tag) === undefined)
        unknownTags.push({ ruleId: rule.id, tag });
    if (read.techniques.length === 0) rulesWithoutTechniques.push(rule.id);
    for (const technique of read.techniques) {
      const named = technique.tactics.filter((t) => read.tactics.includes(t));
      for (const tactic of named.length > 0 ? named : technique.tactics) place(tactic, technique, rule.id);
      const entry = techniques.get(technique.id) ?? { id: technique.id, name: technique.name, ruleIds: [] };
      if (!entry.ruleIds.includes(rule.id)) entry.ruleIds.push(rule.id);
      techniques.set(technique.id, entry);
    }
  }
  return {
    attack: ATTACK_VERSION,
    rules: rules.length,
    tactics: ATTACK_TACTICS.map((tactic) => ({
      tactic,
      techniques: [...(cells.get(tactic)?.values() ?? [])].sort(byId),
    })),
    techniques: [...techniques.values()].sort(byId),
    rulesWithoutTechniques,
    unknownTags,
  };
};

/** An ATT&CK Navigator layer, format 4.5 (https://github.com/mitre-attack/attack-navigator/blob/master/layers/LAYERFORMATv4_5.md). */
export type NavigatorLayer = {
  name: string;
  versions: { attack: string; navigator: string; layer: '4.5' };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: Record<string, unknown>;
  hideDisabled: boolean;
  techniques: Array<{
    techniqueID: string;
    score: number;
    comment: string;
    enabled: boolean;
    metadata: Array<{ name: string; value: string }>;
  }>;
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: Array<{ label: string; color: string }>;
  metadata: Array<{ name: string; value: string }>;
};

/**
 * The coverage as an ATT&CK Navigator layer (format 4.5, Enterprise): one entry per technique,
 * without a tactic (the Navigator shows it under each of its tactics), scored with the number of
 * rules that name it, the rule ids in its comment and one `rule` metadata entry per rule. The
 * gradient runs from white (0) to the highest score; sub-techniques are expanded where annotated.
 * @param coverage - from {@link attackCoverage}
 * @param name - the layer's name
 * @returns the layer, ready for `JSON.stringify`
 */
export const navigatorLayer = (coverage: AttackCoverage, name = 'trailwatch detection coverage'): NavigatorLayer => {
  const maxScore = Math.max(1, ...coverage.techniques.map((t) => t.ruleIds.length));
  return {
    name,
    versions: { attack: coverage.attack.split('.')[0] as string, navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `${coverage.rules} active trailwatch rules cover ${coverage.techniques.length} ATT&CK Enterprise techniques; the score is the number of rules that name a technique.`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques: coverage.techniques.map((t) => ({
      techniqueID: t.id,
      score: t.ruleIds.length,
      comment: `${t.ruleIds.length} rule${t.ruleIds.length === 1 ? '' : 's'}: ${t.ruleIds.join(', ')}`,
      enabled: true,
      metadata: t.ruleIds.map((id) => ({ name: 'rule', value: id })),
    })),
    gradient: { colors: ['#ffffff', '#66b1ff'], minValue: 0, maxValue: maxScore },
    legendItems: [],
    metadata: [
      { name: 'generated by', value: 'trailwatch rules coverage' },
      { name: 'rules', value: String(coverage.rules) },
      { name: 'ATT&CK table', value: `Enterprise ${coverage.attack}` },
    ],
  };
};
