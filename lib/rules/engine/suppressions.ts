import { type Cidr, ipInCidr, parseCidr } from './cidr.js';
import { compileCondition, type Condition } from './condition.js';
import { RULE_ID } from './compile-rule.js';
import { compileGlob, type StringTest } from './glob.js';
import type { RecordAccess } from './record-access.js';
import { compileYamlCondition } from '../languages/yaml/yaml-condition.js';
import type { YamlDocument, YamlPath } from '../languages/yaml/yaml-file.js';

/** One allowlist entry: every criterion it gives must hold (lists inside a criterion are OR). */
export type Suppression = {
  id: string;
  reason: string;
  file: string;
  line?: number;
  /** Whether the entry covers a rule id (all rules when the entry lists none). */
  appliesTo: (ruleId: string) => boolean;
  /** Whether the entry covers a record. */
  matches: (access: RecordAccess) => boolean;
  /** Epoch ms from which the entry no longer applies, judged by the event's own time. */
  expiresAt?: number;
};

const KEYS = new Set(['id', 'reason', 'rules', 'principal', 'account', 'sourceIp', 'userAgent', 'match', 'expires']);

const stringList = (value: unknown): string[] | undefined => {
  const list = typeof value === 'string' || typeof value === 'number' ? [String(value)] : value;
  return Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === 'string' || typeof v === 'number')
    ? list.map(String)
    : undefined;
};

const anyGlob = (patterns: string[]): StringTest => {
  const tests = patterns.map((p) => compileGlob(p));
  return (value) => tests.some((t) => t(value));
};

/** Whether a YAML document is a suppression file (a top-level `suppressions:` list). */
export const isSuppressionDocument = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'suppressions' in value;

/**
 * Compiles a suppression file:
 * ```yaml
 * suppressions:
 *   - id: ci-deployer
 *     reason: Terraform in CI manages IAM
 *     rules: [iam-*]                                  # optional; globs over rule ids
 *     principal: arn:aws:sts::*:assumed-role/ci-deployer/*   # globs; also tried on the session issuer's ARN
 *     account: ['111122223333']
 *     sourceIp: [10.0.0.0/8]
 *     userAgent: ['Terraform/*']
 *     match: { field: requestParameters.userName, prefix: svc- }   # any YAML rule condition
 *     expires: 2026-12-31                             # compared with the event's eventTime
 * ```
 * @param doc - the parsed document
 * @returns the entries, in file order
 * @throws RuleLoadError with line and reason for a malformed entry
 */
export const compileSuppressions = (doc: YamlDocument): Suppression[] => {
  const list = (doc.value as { suppressions?: unknown }).suppressions;
  if (!Array.isArray(list)) throw doc.error(['suppressions'], 'suppressions must be a list of entries');
  return list.map((entry, i) => compileEntry(doc, entry, ['suppressions', i]));
};

const compileEntry = (doc: YamlDocument, entry: unknown, path: YamlPath): Suppression => {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw doc.error(path, 'a suppression must be a mapping');
  const raw = entry as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !KEYS.has(k));
  if (unknown) throw doc.error([...path, unknown], `unknown key '${unknown}' (allowed: ${[...KEYS].join(', ')})`);
  if (typeof raw.id !== 'string' || !RULE_ID.test(raw.id))
    throw doc.error([...path, 'id'], 'a suppression needs a kebab-case id (it names the counter in the summary)');
  if (typeof raw.reason !== 'string' || raw.reason.trim() === '')
    throw doc.error([...path, 'reason'], 'a suppression needs a reason');
  const tests: Array<(r: RecordAccess) => boolean> = [];
  const list = (key: string): string[] | undefined => {
    if (raw[key] === undefined) return undefined;
    const values = stringList(raw[key]);
    if (!values) throw doc.error([...path, key], `${key} must be a string or a non-empty list of strings`);
    return values;
  };
  const principals = list('principal');
  if (principals) {
    const test = anyGlob(principals);
    tests.push((r) =>
      [r.path(['userIdentity', 'arn']), r.path(['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'])].some(
        (arn) => typeof arn === 'string' && test(arn)
      )
    );
  }
  const accounts = list('account');
  if (accounts) {
    const set = new Set(accounts);
    tests.push((r) =>
      set.has(String(r.head.recipientAccountId ?? r.path(['accountId']) ?? r.path(['userIdentity', 'accountId']) ?? ''))
    );
  }
  const ips = list('sourceIp');
  if (ips) {
    const blocks: Cidr[] = ips.map((text) => {
      const block = parseCidr(text);
      if (!block) throw doc.error([...path, 'sourceIp'], `'${text}' is not an IP address or CIDR block`);
      return block;
    });
    tests.push((r) => {
      const ip = r.field('sourceIPAddress');
      return typeof ip === 'string' && blocks.some((b) => ipInCidr(ip, b));
    });
  }
  const agents = list('userAgent');
  if (agents) {
    const test = anyGlob(agents);
    tests.push((r) => {
      const agent = r.field('userAgent');
      return typeof agent === 'string' && test(agent);
    });
  }
  if (raw.match !== undefined) {
    const condition: Condition = compileYamlCondition(doc, raw.match, [...path, 'match']);
    const matcher = compileCondition(condition);
    tests.push((r) => matcher(r));
  }
  if (tests.length === 0)
    throw doc.error(
      path,
      `suppression '${raw.id}' gives no criterion (principal, account, sourceIp, userAgent or match); it would hide every alert`
    );
  const rules = list('rules');
  for (const id of rules ?? []) {
    if (!/^[a-z0-9*?-]+$/.test(id)) throw doc.error([...path, 'rules'], `'${id}' is not a rule id or id glob`);
  }
  const ruleTest = rules ? anyGlob(rules) : () => true;
  let expiresAt: number | undefined;
  if (raw.expires !== undefined) {
    if (typeof raw.expires !== 'string' && typeof raw.expires !== 'number' && !(raw.expires instanceof Date))
      throw doc.error([...path, 'expires'], 'expires must be a date (YYYY-MM-DD or ISO 8601)');
    const text = raw.expires instanceof Date ? raw.expires.toISOString() : String(raw.expires);
    expiresAt = Date.parse(text);
    if (Number.isNaN(expiresAt))
      throw doc.error([...path, 'expires'], `expires '${text}' is not a date (YYYY-MM-DD or ISO 8601)`);
  }
  return {
    id: raw.id,
    reason: raw.reason,
    file: doc.file,
    line: doc.lineAt(path),
    appliesTo: ruleTest,
    matches: (access) => {
      if (expiresAt !== undefined && !(Date.parse(String(access.head.eventTime ?? '')) < expiresAt)) return false;
      return tests.every((t) => t(access));
    },
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
};
