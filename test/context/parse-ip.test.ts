import { describe, expect, it } from 'vitest';
import { parseIPv4, parseIPv6 } from '../../lib/context/index.js';

const v6 = (text: string): string | undefined => {
  const words = new Uint32Array(4);
  return parseIPv6(text, words) ? [...words].map((w) => w.toString(16).padStart(8, '0')).join('') : undefined;
};

describe('parseIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['8.8.8.8', 0x08080808],
    ['255.255.255.255', 0xffffffff],
    ['193.0.6.139', 0xc100068b],
  ])('reads %s', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '1.2.3.'])(
    'refuses %j',
    (text) => {
      expect(parseIPv4(text)).toBe(-1);
    }
  );
});

describe('parseIPv6', () => {
  it.each([
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:4860:4860::8888', '20014860486000000000000000008888'],
    ['2001:67c:2e8:22::c100:68b', '2001067c02e8002200000000c100068b'],
    ['2001:db8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['::ffff:8.8.8.8', '00000000000000000000ffff08080808'],
    ['2600:1F18::A', '26001f1800000000000000000000000a'],
  ])('reads %s', (text, hex) => {
    expect(v6(text)).toBe(hex);
  });

  it.each([
    '',
    ':',
    ':::',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    'fe80::1%eth0',
    '::1.2.3',
    '1:',
  ])('refuses %j', (text) => {
    expect(v6(text)).toBeUndefined();
  });
});
