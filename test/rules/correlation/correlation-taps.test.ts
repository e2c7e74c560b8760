import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../lib/cloudtrail/record-view.js';
import { at, consoleLogin, correlator } from '../../helpers/correlation-records.js';

describe('CorrelationTaps', () => {
  it('reads the context of a record once for all the rules it matches, and anew for the next record', () => {
    // Prepare
    const c = correlator([], { builtin: true });
    const detector = c.engine.detector({ bucket: 'trail-bucket', key: 'x.json.gz' });
    const take = detector.deferCorrelations?.();
    const records = [
      consoleLogin(at(1), 'Failure', 'alice', '203.0.113.9'),
      consoleLogin(at(2), 'Failure', 'bob', '198.51.100.7'),
    ];
    // Act
    for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
    detector.finish();
    const matches = take?.() ?? [];
    // Assess
    const first = matches.filter((m) => m.time === Date.parse(records[0]?.eventTime ?? ''));
    const second = matches.filter((m) => m.time === Date.parse(records[1]?.eventTime ?? ''));
    expect(new Set(first.map((m) => m.correlationId)).size).toBeGreaterThan(1);
    expect(new Set(first.map((m) => m.context)).size).toBe(1);
    expect(new Set(second.map((m) => m.context)).size).toBe(1);
    expect([first[0]?.context.sourceIPAddress, second[0]?.context.sourceIPAddress]).toEqual([
      '203.0.113.9',
      '198.51.100.7',
    ]);
  });
});
