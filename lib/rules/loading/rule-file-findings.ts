import type { Alert } from '../../model/alert.js';
import { alertId } from '../engine/alert-id.js';
import type { RuleLoadError } from '../errors.js';
import type { Refusal } from '../types.js';

/** The `ruleId` of the finding for a rule file that was skipped because it is invalid. */
export const RULE_FILE_INVALID = 'rule-file-invalid';

/** The `ruleId` of the finding for a rule file trailwatch understood but cannot run (a refused Sigma rule). */
export const RULE_FILE_REFUSED = 'rule-file-refused';

const where = (file: string, line: number | undefined): string => `${file}${line === undefined ? '' : `:${line}`}`;

const finding = (
  ruleId: string,
  problem: { file: string; line?: number; reason: string },
  fields: Pick<Alert, 'title' | 'severity'> & { consequence: string },
  at: string
): Alert => ({
  // File, line and reason: the same problem gives the same id at every cold start, so a
  // consumer that de-duplicates on id sees it once; a different problem in the file is new.
  id: alertId(ruleId, problem.file, `${problem.line ?? ''}\u0000${problem.reason}`),
  category: 'configuration',
  ruleId,
  title: fields.title,
  description: `${where(problem.file, problem.line)}: ${problem.reason}. ${fields.consequence}`,
  severity: fields.severity,
  tags: ['trailwatch.rules'],
  count: 1,
  firstSeen: at,
  lastSeen: at,
  eventIds: [],
  details: {
    file: problem.file,
    ...(problem.line === undefined ? {} : { line: problem.line }),
    reason: problem.reason,
  },
});

/**
 * Turns what a rule set left out into `configuration` alerts: one per invalid file (high: its
 * rules or suppressions are not running) and one per refused file (low: a valid rule using what
 * trailwatch does not run). A Lambda function sends them once per cold start, so a bad file in
 * a rule folder is reported through the alert sinks instead of failing every invocation.
 * @param invalid - the files left out (UsableRuleSet.invalid)
 * @param refused - the files refused
 * @param now - when the rule set was loaded (firstSeen and lastSeen)
 * @returns the findings, invalid files first, in load order
 * @example
 * const findings = ruleFileFindings(ruleSet.invalid, ruleSet.refused, new Date());
 */
export const ruleFileFindings = (
  invalid: readonly RuleLoadError[],
  refused: readonly Refusal[],
  now: Date
): Alert[] => {
  const at = now.toISOString();
  return [
    ...invalid.map((error) =>
      finding(
        RULE_FILE_INVALID,
        error,
        {
          title: 'Rule file skipped: invalid',
          severity: 'high',
          consequence:
            'Detection goes on with the built-in rules and the other rule files; this file does not run until it is fixed.',
        },
        at
      )
    ),
    ...refused.map((refusal) =>
      finding(
        RULE_FILE_REFUSED,
        refusal,
        {
          title: 'Rule file refused: uses what trailwatch does not run',
          severity: 'low',
          consequence: 'The other rules run; this one does not.',
        },
        at
      )
    ),
  ];
};
