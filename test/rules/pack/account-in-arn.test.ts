import { describe, expect, it } from 'vitest';
import { accountInArn } from '../../../lib/rules/pack/helpers.js';

/** The patterns accountInArn stands for: a bare account id, or the account field of an ARN. */
const byPattern = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/.exec(value)?.[1];
};

const VALUES: unknown[] = [
  undefined,
  null,
  111122223333,
  '',
  '111122223333',
  '11112222333',
  '1111222233334',
  '11112222333a',
  '111122223333\n',
  ' 111122223333',
  '１１１１２２２２３３３３',
  'arn:aws:iam::111122223333:role/admin',
  'arn:aws:sts::111122223333:assumed-role/admin/session',
  'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws-us-gov:s3:us-gov-west-1:111122223333:accesspoint/ap',
  'arn:aws-cn:ec2:cn-north-1:111122223333:vpc-endpoint/vpce-0123',
  'arn:aws:s3:::bucket/key',
  'arn:aws:iam::111122223333',
  'arn:aws:iam::111122223333:',
  'arn:aws:iam::11112222333:role/x',
  'arn:aws:iam::1111222233334:role/x',
  'arn:aws:iam::11112222333x:role/x',
  'arn:aws:iam:us-east-1:111122223333:role/x',
  'arn:aws:IAM::111122223333:role/x',
  'arn:aws:iam:US-EAST-1:111122223333:role/x',
  'arn:aws_x:iam::111122223333:role/x',
  'arn:awsx:iam::111122223333:role/x',
  'arn:aws-:iam::111122223333:role/x',
  'arn:aws:iam:::111122223333:role/x',
  'arn:aws:i_m::111122223333:role/x',
  'arn:aws:iam',
  'arn:aws:iam:',
  'arn:aws:iam::',
  'arn:aws',
  'arn:aw:iam::111122223333:role/x',
  'ARN:aws:iam::111122223333:role/x',
  ' arn:aws:iam::111122223333:role/x',
  'arn:aws:iam::111122223333:role/x:111122223333:',
  'arn:aws:lambda:us-east-1:111122223333:function:name:1',
  'alias/my-key',
  '1234abcd-12ab-34cd-56ef-1234567890ab',
  's3.amazonaws.com',
];

describe('accountInArn', () => {
  it('finds what the bare-id and ARN patterns find, for each value', () => {
    // Prepare
    const expected = VALUES.map(byPattern);

    // Act
    const found = VALUES.map(accountInArn);

    // Assess
    expect(found).toEqual(expected);
    expect(found.filter((f) => f !== undefined).length).toBeGreaterThan(8);
  });

  it('finds what the patterns find for every value made by changing one character of an ARN', () => {
    // Prepare
    const base = 'arn:aws-cn:iam:eu-west-1:111122223333:role/x';
    const swaps = ['', ':', '-', 'a', 'Z', '0', '9', '_', '/', ' '];
    const values: string[] = [];
    for (let i = 0; i <= base.length; i++)
      for (const swap of swaps)
        values.push(base.slice(0, i) + swap + base.slice(i + 1), base.slice(0, i) + swap + base.slice(i));

    // Act
    const found = values.map(accountInArn);

    // Assess
    expect(found).toEqual(values.map(byPattern));
  });
});
