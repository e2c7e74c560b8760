import type { CorrelationMatch } from '../../model/correlation.js';
import type { RecordAccess } from '../engine/record-access.js';
import type { CorrelationRule } from './types.js';

type Tap = { correlation: CorrelationRule; index: number };

const ACCOUNT = ['userIdentity', 'accountId'];
const PRINCIPAL = ['userIdentity', 'arn'];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * What the detector does with a match of a rule that correlations reference: one
 * CorrelationMatch per correlation (its group key and counted value read from the record
 * while it is at hand), and whether the rule still alerts on its own.
 */
export class CorrelationTaps {
  readonly correlations: readonly CorrelationRule[];
  readonly #byRule = new Map<string, Tap[]>();
  readonly #alone = new Set<string>();

  constructor(correlations: readonly CorrelationRule[]) {
    this.correlations = correlations;
    for (const correlation of correlations)
      correlation.rules.forEach((ruleId, index) => {
        const list = this.#byRule.get(ruleId) ?? [];
        list.push({ correlation, index });
        this.#byRule.set(ruleId, list);
        if (correlation.generate) this.#alone.add(ruleId);
      });
  }

  /** Whether correlations reference the rule. */
  has(ruleId: string): boolean {
    return this.#byRule.has(ruleId);
  }

  /**
   * Whether the rule's matches go only to its correlations: every correlation that references
   * it leaves `generate` false (Sigma's default), and a threshold rule always.
   */
  silences(ruleId: string): boolean {
    return this.#byRule.has(ruleId) && !this.#alone.has(ruleId);
  }

  /**
   * Adds one CorrelationMatch per correlation that references the rule.
   * @param ruleId - the rule that matched
   * @param access - the matching record
   * @param into - where the matches go
   */
  collect(ruleId: string, access: RecordAccess, into: CorrelationMatch[]): void {
    const taps = this.#byRule.get(ruleId);
    if (!taps) return;
    const eventTime = text(access.head.eventTime) ?? '';
    const time = Date.parse(eventTime);
    const eventId = text(access.head.eventID) ?? '';
    const context = {
      ...optional('account', text(access.head.recipientAccountId) ?? text(access.path(ACCOUNT))),
      ...optional('region', text(access.head.awsRegion)),
      ...optional('principal', text(access.path(PRINCIPAL))),
      ...optional('sourceIPAddress', text(access.head.sourceIPAddress)),
    };
    for (const { correlation, index } of taps) {
      const value = correlation.value?.(access, index);
      if (correlation.type === 'value_count' && value === undefined) continue;
      into.push({
        correlationId: correlation.id,
        groupKey: correlation.groupKey(access, index),
        rule: index,
        time,
        eventId,
        ...(value !== undefined ? { value } : {}),
        context,
      });
    }
  }
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);
