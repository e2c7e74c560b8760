import type { Severity } from '../../model/alert.js';
import type { RecordAccess } from '../engine/record-access.js';

/** The four correlation types of the Sigma correlation specification v2.0. */
export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** The comparison operators of a correlation's `condition` (v2.0; `neq` came with v2.1). */
export const CONDITION_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A correlation's condition: every operator given must hold (a range is `gt` and `lte`). */
export type CorrelationCondition = Partial<Record<ConditionOperator, number>>;

/**
 * A correlation as the loader read it, before its `rules` are resolved against every loaded
 * rule (they may live in another file, a built-in rule included).
 */
export type ParsedCorrelation = {
  /** The trailwatch id (`sigma-<file>` or `sigma-<file>-<name>`, or a YAML rule's id). */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  tags: readonly string[];
  references: readonly string[];
  form: 'sigma' | 'yaml';
  file: string;
  line?: number;
  /** Sigma only: the correlation's UUID, `name`, author and status. */
  sigma?: { id?: string; name?: string; author?: string; status?: string };
  type: CorrelationType;
  /** References as written: Sigma `name`s, Sigma UUIDs or trailwatch rule ids. */
  rules: readonly string[];
  /** The line of each reference (for refusals). */
  ruleLines: readonly (number | undefined)[];
  groupBy: readonly string[];
  /** alias → (rule reference → field path). */
  aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  timespanMs: number;
  condition: CorrelationCondition;
  /** value_count: the field(s) whose distinct values are counted (several: their combination). */
  fields: readonly string[];
  /** Whether the referenced rules also alert on their own (Sigma `generate`, default false). */
  generate: boolean;
};

/** A correlation ready to run: its references resolved to loaded rule ids. */
export type CorrelationRule = Omit<ParsedCorrelation, 'rules' | 'ruleLines' | 'form'> & {
  form: 'sigma' | 'yaml' | 'threshold';
  /** The trailwatch ids of the referenced rules, in the correlation's order. */
  rules: readonly string[];
  /** Chains: the ids in `rules` that name other correlations (a threshold's id names its own rule). */
  correlationRefs?: readonly string[];
  /** The group key of a match of `rules[index]`. */
  groupKey: (access: RecordAccess, index: number) => string;
  /** value_count: the counted value of a match of `rules[index]` (undefined: the field is absent). */
  value?: (access: RecordAccess, index: number) => string | undefined;
};
