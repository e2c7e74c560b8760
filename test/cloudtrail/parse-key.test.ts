import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, parseCloudTrailKey } from '../../lib/cloudtrail/parse-key.js';

const LOG =
  'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz';

describe('parseCloudTrailKey', () => {
  it('parses a log file key', () => {
    expect(parseCloudTrailKey(LOG)).toEqual({
      kind: 'log',
      prefix: undefined,
      organizationId: undefined,
      accountId: '111122223333',
      region: 'us-east-2',
      date: '2015/08/01',
      deliveredAt: '2015-08-01T02:10:00Z',
      unique: 'Mu0KsOhtH1ar15ZZ',
    });
  });

  it('parses a prefix and an organization trail level', () => {
    const key = parseCloudTrailKey(`my prefix/logs/AWSLogs/o-aa111bb222/${LOG.slice('AWSLogs/'.length)}`);
    expect(key).toMatchObject({
      kind: 'log',
      prefix: 'my prefix/logs',
      organizationId: 'o-aa111bb222',
      accountId: '111122223333',
    });
  });

  it('parses an Insights file key', () => {
    const key = parseCloudTrailKey(
      'AWSLogs/111122223333/CloudTrail-Insight/ca-central-1/2020/09/23/111122223333_CloudTrail-Insight_ca-central-1_20200923T0516Z_KL5e9VCV2SS7IqzB.json.gz'
    );
    expect(key).toMatchObject({ kind: 'insight', region: 'ca-central-1', deliveredAt: '2020-09-23T05:16:00Z' });
  });

  it.each([
    ['standard', '', false],
    ['backfill', '_backfill', true],
  ])('parses a %s digest key whose trail name holds underscores and dots', (_name, suffix, backfill) => {
    const key = parseCloudTrailKey(
      `AWSLogs/111122223333/CloudTrail-Digest/ap-northeast-1/2023/10/15/111122223333_CloudTrail-Digest_ap-northeast-1_my_trail.v2_us-west-2_20231015T230404Z${suffix}.json.gz`
    );
    expect(key).toEqual({
      kind: 'digest',
      prefix: undefined,
      organizationId: undefined,
      accountId: '111122223333',
      region: 'ap-northeast-1',
      date: '2023/10/15',
      trailName: 'my_trail.v2',
      homeRegion: 'us-west-2',
      endTime: '2023-10-15T23:04:04Z',
      backfill,
    });
  });

  it.each([
    ['another service’s object', 'AWSLogs/111122223333/elasticloadbalancing/us-east-1/2026/01/02/x.log.gz'],
    ['an account that differs between folder and name', LOG.replace('AWSLogs/111122223333', 'AWSLogs/999999999999')],
    ['a region that differs between folder and name', LOG.replace('CloudTrail/us-east-2/', 'CloudTrail/us-west-2/')],
    ['a folder literal that differs from the name', LOG.replace('/CloudTrail/', '/CloudTrail-Insight/')],
    ['a file that is not .json.gz', LOG.replace('.json.gz', '.json')],
  ])('rejects %s', (_name, key) => {
    expect(parseCloudTrailKey(key)).toBeUndefined();
  });
});

describe('decodeS3EventKey', () => {
  it('decodes form encoding: + is a space, %2B a plus', () => {
    expect(decodeS3EventKey('my+prefix%2Bx/AWSLogs/a%3Db')).toBe('my prefix+x/AWSLogs/a=b');
  });
});
