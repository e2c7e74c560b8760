/**
 * The one list of record fields whose values must never leave trailwatch in an alert or a
 * summary, and the redaction that enforces it. Documented in docs/alerts.md ("Secrets in alerts").
 *
 * CloudTrail already hides some secrets itself (`HIDDEN_DUE_TO_SECURITY_REASONS` for SNS `Publish`
 * messages, SSM `SendCommand` parameters, Cognito `logins`, a failed sign-in's user name;
 * `<sensitiveDataRemoved>` for EC2 `userData` and `CreateKeyPair`'s `keyMaterial`; KMS plaintext
 * and IAM secret keys are left out), see
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html.
 * The list holds what it does not hide everywhere: STS session tokens in `responseElements.credentials`,
 * OAuth-style tokens and client secrets (IAM Identity Center OIDC, Cognito), passwords, Secrets
 * Manager values, private keys, and the fields CloudTrail hides on some APIs only (`userData`,
 * `keyMaterial`), which other services and other record sources (CloudTrail Lake integrations,
 * hand-made records) may carry in clear.
 */
export const SENSITIVE_FIELDS = [
  'secretAccessKey',
  'sessionToken',
  'accessToken',
  'refreshToken',
  'idToken',
  'authorizationToken',
  'clientSecret',
  'password',
  'newPassword',
  'oldPassword',
  'previousPassword',
  'proposedPassword',
  'temporaryPassword',
  'masterUserPassword',
  'passphrase',
  'secretString',
  'secretBinary',
  'privateKey',
  'privateKeyMaterial',
  'keyMaterial',
  'userData',
] as const;

/** What a redacted value reads: the key stays, so a responder knows the field was there. */
export const REDACTED = '[redacted]';

/** CloudTrail's own redaction markers: kept as they are, they already say what happened. */
const CLOUDTRAIL_MARKERS: ReadonlySet<unknown> = new Set(['HIDDEN_DUE_TO_SECURITY_REASONS', '<sensitiveDataRemoved>']);

/** Key spellings differ by service (`secretString`, `SecretString`, `client_secret`): compare folded. */
const fold = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

const FOLDED: ReadonlySet<string> = new Set(SENSITIVE_FIELDS.map(fold));

/** Verdicts by key as written: records repeat the same few hundred keys, folding each costs two strings. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

/**
 * Whether a JSON key names a sensitive field: an exact match of a {@link SENSITIVE_FIELDS} name,
 * ignoring case, `_` and `-` (`passwordResetRequired` is not one).
 * @param name - a JSON object key
 */
export const isSensitiveField = (name: string): boolean => {
  let sensitive = verdicts.get(name);
  if (sensitive === undefined) {
    sensitive = FOLDED.has(fold(name));
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(name, sensitive);
  }
  return sensitive;
};

const redactValue = (value: unknown): unknown =>
  value === null || value === undefined || value === '' || CLOUDTRAIL_MARKERS.has(value) ? value : REDACTED;

/**
 * Replaces the value of every sensitive field, at any depth, with {@link REDACTED}, keeping the
 * key. Values that hold no secret (`null`, `''`, CloudTrail's own markers) stay as they are.
 * Copy on write: what holds no sensitive field comes back as the same object, untouched; the
 * input is never modified. Keys such as `__proto__` are copied as plain keys, never as prototypes.
 * @param value - a record, or any JSON value
 * @returns the value without secrets
 * @example
 * redactSensitiveFields({ responseElements: { credentials: { sessionToken: 'IQo…', expiration: 'x' } } })
 * // → { responseElements: { credentials: { sessionToken: '[redacted]', expiration: 'x' } } }
 */
export const redactSensitiveFields = <T>(value: T): T => redact(value) as T;

const redact = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redact(item);
      if (next !== item) {
        out ??= [...value];
        out[i] = next;
      }
    });
    return out ?? value;
  }
  // A look first, allocating nothing: most objects hold no sensitive field. The first field that
  // changes starts the copy, with what the look worked out for it (redacting it again there
  // would double the work at every level above a sensitive field).
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = (value as Record<string, unknown>)[key];
    const next = isSensitiveField(key) ? redactValue(item) : redact(item);
    if (next !== item) return redactedFrom(value as Record<string, unknown>, keys, i, next);
  }
  return value;
};

/**
 * A copy of an object whose field `keys[first]` redacts to `next`: the fields before it as they
 * are (the look found nothing there), those after it redacted.
 */
const redactedFrom = (value: Record<string, unknown>, keys: readonly string[], first: number, next: unknown): unknown =>
  // fromEntries defines own properties: a `__proto__` key stays a key.
  Object.fromEntries(
    keys.map((key, i): [string, unknown] => {
      const item = value[key];
      return [key, i < first ? item : i === first ? next : isSensitiveField(key) ? redactValue(item) : redact(item)];
    })
  );
