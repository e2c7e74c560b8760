/** One IAM policy statement, loosely typed (policies in records are user input). */
export type PolicyStatement = {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: unknown;
};

/**
 * The statements of a policy as CloudTrail records it: IAM and KMS log the document as a JSON
 * string, S3 as an object. Absent, truncated (over 100 KB the content is omitted)  or malformed documents give no statements.
 * @param document - the logged policy
 */
export const policyStatements = (document: unknown): PolicyStatement[] => {
  let policy = document;
  if (typeof policy === 'string') {
    try {
      policy = JSON.parse(policy);
    } catch {
      return [];
    }
  }
  const statements = (policy as { Statement?: unknown } | null | undefined)?.Statement;
  if (Array.isArray(statements))
    return statements.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null);
  return typeof statements === 'object' && statements !== null ? [statements as PolicyStatement] : [];
};

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The principal strings of a statement (`"*"`, ARNs, account ids, service names). */
export const principalValues = (principal: unknown): string[] => {
  if (typeof principal === 'string') return [principal];
  if (typeof principal !== 'object' || principal === null) return [];
  return Object.values(principal)
    .flatMap(asArray)
    .filter((v): v is string => typeof v === 'string');
};

/**
 * Condition keys any caller on the internet can satisfy: the transport, and request headers the
 * caller writes (a bucket "protected" by `aws:Referer` is public), and the clock. A statement whose
 * conditions use only these still grants to everyone.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const ANYONE_CAN_MEET = new Set([
  'aws:securetransport',
  'aws:referer',
  'aws:useragent',
  'aws:currenttime',
  'aws:epochtime',
]);

const conditionKeys = (condition: unknown): string[] =>
  typeof condition === 'object' && condition !== null
    ? Object.values(condition).flatMap((byKey) =>
        typeof byKey === 'object' && byKey !== null ? Object.keys(byKey) : ['(malformed)']
      )
    : ['(malformed)'];

/**
 * Whether an Allow statement grants to everyone (`*` or `{"AWS": "*"}`) with no Condition, or
 * with conditions any caller can meet (`aws:Referer`, `aws:SecureTransport`, `aws:UserAgent`,
 * times). A condition on the caller (`aws:SourceIp`, `aws:PrincipalOrgID`, `sts:ExternalId`, …)
 * makes it not public.
 */
export const grantsPublicly = (statement: PolicyStatement): boolean =>
  statement.Effect === 'Allow' &&
  principalValues(statement.Principal).includes('*') &&
  (statement.Condition === undefined ||
    conditionKeys(statement.Condition).every((key) => ANYONE_CAN_MEET.has(key.toLowerCase())));

/** The account ids of the AWS principals of a statement (from ARNs or bare ids). */
export const principalAccounts = (statement: PolicyStatement): string[] => {
  const aws =
    typeof statement.Principal === 'object' && statement.Principal !== null
      ? (statement.Principal as { AWS?: unknown }).AWS
      : undefined;
  return asArray(aws)
    .filter((v): v is string => typeof v === 'string')
    .map((v) => (/^\d{12}$/.test(v) ? v : /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(v)?.[1]))
    .filter((v): v is string => v !== undefined);
};

/** Whether an Allow statement grants every action on every resource. */
export const grantsEverything = (statement: PolicyStatement): boolean =>
  statement.Effect === 'Allow' && asArray(statement.Action).includes('*') && asArray(statement.Resource).includes('*');
