import { describe, expect, it } from 'vitest';
import {
  isSensitiveField,
  REDACTED,
  redactSensitiveFields,
  SENSITIVE_FIELDS,
} from '../../lib/model/sensitive-fields.js';

describe('redactSensitiveFields', () => {
  it.each(SENSITIVE_FIELDS)('replaces %s at any depth and keeps the key', (field) => {
    // Prepare
    const record = {
      eventName: 'Call',
      requestParameters: { [field]: 'the-secret', list: [{ [field]: { nested: 'the-secret' } }] },
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLE', [field]: 'the-secret' } },
    };
    // Act
    const redacted = redactSensitiveFields(record);
    // Assess
    expect(JSON.stringify(redacted)).not.toContain('the-secret');
    expect(redacted).toEqual({
      eventName: 'Call',
      requestParameters: { [field]: REDACTED, list: [{ [field]: REDACTED }] },
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLE', [field]: REDACTED } },
    });
  });

  it.each([
    ['SecretString', true],
    ['client_secret', true],
    ['Private-Key', true],
    ['SESSIONTOKEN', true],
    ['passwordResetRequired', false],
    ['passwordLastUsed', false],
    ['accessKeyId', false],
    ['secretId', false],
    ['keyName', false],
  ])('treats the key %s as sensitive: %s', (key, sensitive) => {
    // Act / Assess
    expect(isSensitiveField(key)).toBe(sensitive);
  });

  it("keeps CloudTrail's own markers, nulls and empty values as they are", () => {
    // Prepare
    const record = {
      requestParameters: { userData: '<sensitiveDataRemoved>', password: null, secretString: '' },
      responseElements: { keyMaterial: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    };
    // Act
    const redacted = redactSensitiveFields(record);
    // Assess
    expect(redacted).toBe(record);
  });

  it('returns the same object when nothing is sensitive and never changes its input', () => {
    // Prepare
    const clean = { requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/r' }, list: [1, 'two'] };
    const dirty = { responseElements: { credentials: { sessionToken: 'tok' } }, other: { a: 1 } };
    const before = structuredClone(dirty);
    // Act
    const same = redactSensitiveFields(clean);
    const copy = redactSensitiveFields(dirty);
    // Assess
    expect(same).toBe(clean);
    expect(dirty).toEqual(before);
    expect(copy.other).toBe(dirty.other);
  });

  it('copies a __proto__ key as a plain key, never as a prototype', () => {
    // Prepare
    const record = JSON.parse('{"__proto__": {"polluted": "yes"}, "requestParameters": {"password": "p"}}');
    // Act
    const redacted = redactSensitiveFields(record) as Record<string, unknown>;
    // Assess
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect((redacted as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('reads each field of a deep record a bounded number of times, however deep the secret sits', () => {
    // Prepare: 16 levels of objects, a password at the bottom, every field read counted
    let reads = 0;
    const counted = <T extends object>(value: T): T =>
      new Proxy(value, {
        get: (target, key, receiver) => {
          reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    let record: object = counted({ password: 'the-secret', keep: 'kept' });
    for (let depth = 0; depth < 16; depth++) record = counted({ level: depth, nested: record });
    // Act
    const redacted = redactSensitiveFields(record);
    // Assess: a few reads a field (17 objects of 2 fields), not twice as many at each level up
    expect(JSON.stringify(redacted)).not.toContain('the-secret');
    expect(JSON.stringify(redacted)).toContain('kept');
    expect(reads).toBeLessThanOrEqual(4 * 17 * 2);
  });
});
