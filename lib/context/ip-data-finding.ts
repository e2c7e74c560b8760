import { createHash } from 'node:crypto';
import type { Alert } from '../model/alert.js';
import type { IpDatabaseError } from './errors.js';

/** The `ruleId` of the finding a function sends when its IP databases are unusable. */
export const IP_DATABASE_UNUSABLE = 'ip-database-unusable';

/**
 * The configuration finding of a function that started without its IP context: high severity,
 * naming the file, the reason and the rules that lose their input. Its id is the first 32 hex
 * digits of SHA-256 over the function, the file and the reason, so every cold start of one
 * broken deployment sends the same id (a consumer that de-duplicates on id sees it once) and a
 * different problem is new.
 * @param error - the unusable database (coldStartIpEnricher's `problem`)
 * @param where - `origin`: the function (and so the stack) that started without it; `rules`: the
 *   loaded rules that read `context.sourceIPAddress`; `now`: when it started
 * @example
 * const finding = ipDataFinding(problem, { origin: 'trailwatch-prod-ingest', rules: ['workload-credentials-used-outside-aws'], now: new Date() });
 */
export const ipDataFinding = (
  error: IpDatabaseError,
  where: { origin: string; rules: readonly string[]; now: Date }
): Alert => {
  const at = where.now.toISOString();
  const lost =
    where.rules.length === 0
      ? 'No loaded rule reads it.'
      : `These rules read it and do not match until it is fixed: ${where.rules.join(', ')}.`;
  return {
    id: createHash('sha256')
      .update(`${IP_DATABASE_UNUSABLE}\u0000${where.origin}\u0000${error.file}\u0000${error.problem}`)
      .digest('hex')
      .slice(0, 32),
    category: 'configuration',
    ruleId: IP_DATABASE_UNUSABLE,
    title: 'IP database unusable: alerts carry no IP context',
    description:
      `${error.file}: ${error.problem}. ${where.origin} runs without the offline IP context: its alerts carry no ` +
      `context.sourceIPAddress (no AS, country or Amazon flag). ${lost} ` +
      'Build the data (npm ci, or npm run build:ip-data) and deploy again (docs/context.md).',
    severity: 'high',
    tags: ['trailwatch.context'],
    count: 1,
    firstSeen: at,
    lastSeen: at,
    eventIds: [],
    details: { file: error.file, reason: error.problem, function: where.origin, rules: [...where.rules] },
  };
};
