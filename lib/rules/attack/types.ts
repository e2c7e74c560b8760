/** One ATT&CK Enterprise technique or sub-technique (https://attack.mitre.org/techniques/enterprise/). */
export type AttackTechnique = {
  /** `T1562` or `T1562.008`. */
  id: string;
  /** Sub-techniques as `Parent: Sub`, e.g. `Impair Defenses: Disable or Modify Cloud Logs`. */
  name: string;
  /** The tactics (phase names, e.g. `defense-evasion`) the technique serves. */
  tactics: readonly string[];
  /** The platforms it applies to (`IaaS`, `SaaS`, `Identity Provider`, `Linux`, …). */
  platforms: readonly string[];
};
