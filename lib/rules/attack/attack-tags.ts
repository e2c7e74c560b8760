import { ATTACK_TACTICS, ATTACK_TECHNIQUES } from './techniques.js';
import type { AttackTechnique } from './types.js';

// Built on first use: a top-level `new Map` would count as a side effect for esbuild and keep the
// whole table in every Lambda bundle that imports lib/rules, though no function reads it.
let byId: ReadonlyMap<string, AttackTechnique> | undefined;
const techniqueById = (): ReadonlyMap<string, AttackTechnique> => {
  byId ??= new Map(ATTACK_TECHNIQUES.map((t) => [t.id, t]));
  return byId;
};
const isTactic = (name: string): boolean => (ATTACK_TACTICS as readonly string[]).includes(name);
const TECHNIQUE_TAG = /^attack\.t(\d{4}(?:\.\d{3})?)$/;
const TACTIC_TAG = /^attack\.([a-z]+(?:-[a-z]+)*)$/;

/**
 * The technique a tag names, from the committed ATT&CK table.
 * @param tag - `attack.t1562.008` (Sigma's spelling)
 * @returns the technique, or `undefined` when the tag names none of the table
 */
export const techniqueOfTag = (tag: string): AttackTechnique | undefined => {
  const m = TECHNIQUE_TAG.exec(tag);
  return m ? techniqueById().get(`T${m[1]}`) : undefined;
};

/** A rule's ATT&CK tags, read against the table. */
export type AttackTags = {
  /** Tactic tags naming an Enterprise tactic (`defense-evasion`), in the rule's order. */
  tactics: string[];
  /** Technique tags found in the table, in the rule's order. */
  techniques: AttackTechnique[];
  /** One line per tag that disagrees with the table, naming the tag and why; empty when all agree. */
  problems: string[];
};

/**
 * Reads a rule's `attack.*` tags against the ATT&CK Enterprise table
 * (lib/rules/attack/techniques.ts) and names every disagreement: a technique the table lacks
 * (revoked, deprecated or mistyped), a tactic that is not an Enterprise tactic, a technique none
 * of whose tactics the rule tags, a tactic none of the rule's techniques serves. Other tags
 * (not `attack.`) are left alone.
 * @param tags - the rule's tags
 * @returns the tactics, the techniques and the problems
 * @example
 * readAttackTags(['attack.persistence', 'attack.t1562.008']).problems
 * // ["attack.t1562.008 (Impair Defenses: Disable or Modify Cloud Logs) is a technique of defense-evasion, which the rule does not tag", …]
 */
export const readAttackTags = (tags: readonly string[]): AttackTags => {
  const tactics: string[] = [];
  const techniques: AttackTechnique[] = [];
  const problems: string[] = [];
  for (const tag of tags) {
    if (!tag.startsWith('attack.')) continue;
    if (TECHNIQUE_TAG.test(tag)) {
      const technique = techniqueOfTag(tag);
      if (technique) techniques.push(technique);
      else problems.push(`${tag} is not a technique of ATT&CK Enterprise (revoked, deprecated or mistyped)`);
      continue;
    }
    const tactic = TACTIC_TAG.exec(tag)?.[1];
    if (tactic !== undefined && isTactic(tactic)) tactics.push(tactic);
    else
      problems.push(
        `${tag} is neither a technique (attack.t1234.001) nor an Enterprise tactic (attack.defense-evasion)`
      );
  }
  for (const technique of techniques)
    if (!technique.tactics.some((t) => tactics.includes(t)))
      problems.push(
        `attack.${technique.id.toLowerCase()} (${technique.name}) is a technique of ${technique.tactics.join(', ')}, which the rule does not tag`
      );
  for (const tactic of tactics)
    if (!techniques.some((t) => t.tactics.includes(tactic)))
      problems.push(`attack.${tactic}: none of the rule's techniques serves this tactic`);
  return { tactics, techniques, problems };
};
