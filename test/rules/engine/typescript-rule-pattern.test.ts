import { describe, expect, it } from 'vitest';
import { headOf, type RecordView } from '../../../lib/cloudtrail/record-view.js';
import { openIpEnricher } from '../../../lib/context/index.js';
import type { CloudTrailRecord } from '../../../lib/model/record.js';
import { compileDefinition } from '../../../lib/rules/engine/compile-rule.js';
import { RuleEngine } from '../../../lib/rules/engine/rule-engine.js';
import { compiledBuiltinRules } from '../../../lib/rules/loading/load-rule-set.js';
import type { RuleDefinition } from '../../../lib/rules/types.js';
import { IP_DATA_DIR } from '../../helpers/ip-data.js';

/** A TypeScript rule whose match counts its calls. */
const counted = (fields: Partial<RuleDefinition>, match: (r: CloudTrailRecord) => boolean = () => true) => {
  const calls = { n: 0 };
  const rule = compileDefinition({
    id: 'key-policy-refused',
    title: 'Key policy refused',
    description: 'test',
    severity: 'medium',
    tags: ['attack.defense-evasion'],
    references: [],
    match: (r) => {
      calls.n++;
      return match(r);
    },
    ...fields,
  });
  return { rule, calls };
};

const view = (record: CloudTrailRecord): RecordView => ({
  head: headOf(record),
  index: 0,
  offset: 0,
  record: () => record,
});

const call = (fields: Record<string, unknown>, id: string): CloudTrailRecord =>
  ({
    eventTime: '2026-01-02T03:00:00Z',
    eventID: id,
    recipientAccountId: '111122223333',
    sourceIPAddress: '198.51.100.7',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/u', accountId: '111122223333' },
    ...fields,
  }) as CloudTrailRecord;

describe('a TypeScript rule with a pattern beside its match', () => {
  it('is never called for an API its pattern rules out nor for a record lacking a head field the pattern needs, and matches where both hold', () => {
    // Prepare
    const { rule, calls } = counted(
      {
        eventSource: ['kms.amazonaws.com', 's3.amazonaws.com'],
        pattern:
          '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "PutKeyPolicy") && ($.errorCode = "AccessDenied") }',
      },
      (r) => r.userIdentity?.type === 'IAMUser'
    );
    const engine = new RuleEngine([rule]);
    const detector = engine.detector({ bucket: 'b', key: 'k' });

    // Act
    detector.onRecord(
      view(call({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', errorCode: 'AccessDenied' }, 'e1'))
    );
    detector.onRecord(view(call({ eventSource: 'kms.amazonaws.com', eventName: 'PutKeyPolicy' }, 'e2')));
    detector.onRecord(
      view(call({ eventSource: 'kms.amazonaws.com', eventName: 'PutKeyPolicy', errorCode: 'AccessDenied' }, 'e3'))
    );
    detector.onRecord(
      view(
        call(
          {
            eventSource: 'kms.amazonaws.com',
            eventName: 'PutKeyPolicy',
            errorCode: 'AccessDenied',
            userIdentity: { type: 'Root' },
          },
          'e4'
        )
      )
    );

    // Assess
    expect(engine.slotsFor('s3.amazonaws.com', 'GetObject')).toEqual([]);
    expect(calls.n).toBe(2);
    expect(detector.finish().map((a) => a.eventIds)).toEqual([['e3']]);
    expect(rule.meta.form).toBe('typescript');
  });

  it('runs its match first, so a record the match refuses costs no pattern test and a match that throws is counted', () => {
    // Prepare
    const { rule, calls } = counted(
      { eventSource: 'kms.amazonaws.com', pattern: '{ $.errorCode = "AccessDenied" }' },
      () => {
        throw new Error('boom');
      }
    );
    const engine = new RuleEngine([rule]);
    const detector = engine.detector({ bucket: 'b', key: 'k' });

    // Act
    detector.onRecord(
      view(call({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', errorCode: 'AccessDenied' }, 'e1'))
    );

    // Assess
    expect(calls.n).toBe(1);
    expect(detector.stats().ruleErrors).toBe(1);
  });

  it('is dropped where its pattern needs the IP context and the engine has none, and runs where it has', () => {
    // Prepare
    const make = () => counted({ pattern: '{ $.context.sourceIPAddress.kind = "public" }' });
    const without = make();
    const withContext = make();
    const bare = new RuleEngine([without.rule]);
    const enriched = new RuleEngine([withContext.rule], { enricher: openIpEnricher(IP_DATA_DIR) });
    const record = call(
      { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', sourceIPAddress: '8.8.8.8' },
      'e1'
    );

    // Act
    const bareDetector = bare.detector({ bucket: 'b', key: 'k' });
    bareDetector.onRecord(view(record));
    const enrichedDetector = enriched.detector({ bucket: 'b', key: 'k' });
    enrichedDetector.onRecord(view(record));

    // Assess
    expect(bare.slotsFor('sts.amazonaws.com', 'GetCallerIdentity')).toEqual([]);
    expect([without.calls.n, bareDetector.finish().length]).toEqual([0, 0]);
    expect([withContext.calls.n, enrichedDetector.finish().length]).toEqual([1, 1]);
  });

  it('lets the pack skip its busy-API rules: first use of a sensitive API on object calls, VPC endpoint refusals on calls without an error, new networks without IP context', () => {
    // Prepare
    const engine = new RuleEngine(compiledBuiltinRules());
    const ids = (source: string, name: string) => engine.slotsFor(source, name).map((s) => s.rule.meta.id);

    // Act
    const getObject = ids('s3.amazonaws.com', 'GetObject');
    const putBucketPolicy = ids('s3.amazonaws.com', 'PutBucketPolicy');
    const refusal = engine
      .slotsFor('kms.amazonaws.com', 'Decrypt')
      .find((s) => s.rule.meta.id === 'vpc-endpoint-policy-denied');

    // Assess
    expect(getObject).not.toContain('first-sensitive-api-call-by-principal');
    expect(putBucketPolicy).toContain('first-sensitive-api-call-by-principal');
    expect(refusal?.requires).toEqual(['errorCode']);
    expect(getObject).not.toContain('long-term-credentials-from-new-network');
    expect(getObject).toContain('vpc-endpoint-of-other-account-used');
  });
});
