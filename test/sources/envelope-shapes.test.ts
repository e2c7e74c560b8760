import { SnsSchema, SnsSqsNotificationSchema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { fits } from '../../lib/sources/check-shape.js';
import { SnsEvent, SnsSqsNotification, SqsEvent } from '../../lib/sources/envelope-shapes.js';
import { loadEvent } from '../helpers/events.js';

/*
 * The hand-written envelope checks against the Powertools parser schemas they replace (zod, kept
 * out of the bundles): every fixture and every variant made by changing one field of it must be
 * accepted by both or refused by both.
 */

/** Values a field is set to, one at a time: wrong types, empty, absent, and near misses of each format. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  1.5,
  Number.NaN,
  true,
  [],
  ['x'],
  {},
  { Type: 'String', Value: 'v' },
  { dataType: 'String', stringValue: 'v' },
  { dataType: 'Number', stringValue: null, binaryValue: null, stringListValues: [], binaryListValues: ['b'] },
  { dataType: 1 },
  { a: { Type: 1, Value: 'v' } },
  { a: { dataType: 'String', stringListValues: [1] } },
  'aws:sqs',
  'aws:sns',
  'Notification',
  'https://sns.us-east-1.amazonaws.com/x',
  ' https://x ',
  'not a url',
  'mailto:someone@example.com',
  '2026-01-02T03:10:00Z',
  '2026-01-02T03:10:00.123456Z',
  '2026-01-02T03:10Z',
  '2026-01-02T03:10:00+00:00',
  '2026-02-29T03:10:00Z',
  '2024-02-29T03:10:00Z',
  '2026-01-02 03:10:00Z',
  '2026-13-02T03:10:00Z',
];

type Path = Array<string | number>;

/** Every path of a JSON value, with the value there (the value itself first). */
const pathsOf = (value: unknown, at: Path = []): Array<[Path, unknown]> => {
  const out: Array<[Path, unknown]> = [[at, value]];
  if (Array.isArray(value)) for (const [i, item] of value.entries()) out.push(...pathsOf(item, [...at, i]));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...at, key]));
  return out;
};

/** A copy of `value` with the field at `path` set to `replacement` (deleted when undefined). */
const withField = (value: unknown, path: Path, replacement: unknown): unknown => {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
};

/** The fixture, each field changed to each replacement, and each object given each optional field. */
const variants = (fixture: unknown, extraFields: string[]): unknown[] => {
  const out: unknown[] = [fixture];
  for (const [path, value] of pathsOf(fixture)) {
    for (const replacement of REPLACEMENTS) out.push(withField(fixture, path, replacement));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    for (const field of extraFields)
      for (const replacement of REPLACEMENTS) out.push(withField(fixture, [...path, field], replacement));
  }
  return out;
};

const SNS_OPTIONAL = [
  'UnsubscribeURL',
  'SigningCertUrl',
  'SigningCertURL',
  'Subject',
  'MessageAttributes',
  'Signature',
];
const SQS_OPTIONAL = [
  'MessageDeduplicationId',
  'MessageGroupId',
  'SequenceNumber',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
  'md5OfMessageAttributes',
  'a',
];

describe('the envelope checks', () => {
  it('accept and refuse exactly the SQS events Powertools SqsSchema does', async () => {
    // Prepare
    const fixture = await loadEvent('sqs-s3-put-log');
    // Act
    const disagreements = variants(fixture, SQS_OPTIONAL).filter(
      (v) => fits(SqsEvent, v) !== SqsSchema.safeParse(v).success
    );
    // Assess
    expect(disagreements).toEqual([]);
  });

  it('accept and refuse exactly the SNS events Powertools SnsSchema does', async () => {
    // Prepare
    const fixture = await loadEvent('sns-s3-put-log');
    // Act
    const all = variants(fixture, SNS_OPTIONAL);
    const disagreements = all.filter((v) => fits(SnsEvent, v) !== SnsSchema.safeParse(v).success);
    // Assess
    expect(all.filter((v) => fits(SnsEvent, v)).length).toBeGreaterThan(10);
    expect(all.filter((v) => !fits(SnsEvent, v)).length).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });

  it('accept and refuse exactly the SNS envelopes Powertools SnsSqsNotificationSchema does', async () => {
    // Prepare: the envelope an SQS queue receives from SNS without raw delivery
    const sqs = (await loadEvent('sqs-sns-s3-put-log')) as { Records: Array<{ body: string }> };
    const fixture = JSON.parse(sqs.Records[0]?.body ?? '');
    // Act
    const disagreements = variants(fixture, SNS_OPTIONAL).filter(
      (v) => fits(SnsSqsNotification, v) !== SnsSqsNotificationSchema.safeParse(v).success
    );
    // Assess
    expect(disagreements).toEqual([]);
  });
});
