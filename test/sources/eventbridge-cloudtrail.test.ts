import { describe, expect, it } from 'vitest';
import { cloudTrailRecordOf } from '../../lib/sources/eventbridge-cloudtrail.js';
import { loadEvent } from '../helpers/events.js';

const stopLogging = async (): Promise<Record<string, unknown>> =>
  (await loadEvent('eventbridge-cloudtrail-stop-logging')) as Record<string, unknown>;

describe('cloudTrailRecordOf', () => {
  it.each(['aws.cloudtrail', 'aws.iam', 'aws.signin'])(
    'returns the record of an event whose source is %s',
    async (source) => {
      // Prepare
      const event = { ...(await stopLogging()), source };
      // Act
      const record = cloudTrailRecordOf(event);
      // Assess
      expect(record.eventName).toBe('StopLogging');
    }
  );

  it.each([
    ['a custom source', 'my.app'],
    ['the product name', 'trailwatch'],
    ['a look-alike prefix', 'aws-cloudtrail'],
    ['the bare prefix', 'aws.'],
    ['no source', undefined],
    ['a non-string source', 42],
  ])('refuses a CloudTrail detail-type with %s as ForgedEventError', async (_, source) => {
    // Prepare
    const event = { ...(await stopLogging()), source };
    // Act
    const reading = () => cloudTrailRecordOf(event);
    // Assess
    expect(reading).toThrow(
      expect.objectContaining({
        name: 'ForgedEventError',
        source,
        detailType: 'AWS API Call via CloudTrail',
        message: expect.stringContaining('not an AWS service source'),
      })
    );
  });

  it('names an unknown detail-type before looking at the source', async () => {
    // Prepare
    const event = { ...(await stopLogging()), source: 'my.app', 'detail-type': 'Order Placed' };
    // Act
    const reading = () => cloudTrailRecordOf(event);
    // Assess
    expect(reading).toThrow(expect.objectContaining({ name: 'UnknownEventError' }));
  });
});
