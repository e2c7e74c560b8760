import { describe, expect, it } from 'vitest';
import { type Cidr, ipInCidr, parseCidr } from '../../../lib/rules/engine/cidr.js';
import { holds, record, yamlRule } from '../helpers.js';

const block = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`${text} does not parse`);
  return parsed;
};

describe('ipInCidr', () => {
  it.each([
    // An IPv4-mapped IPv6 address against IPv4 blocks
    ['::ffff:203.0.113.5', '203.0.113.0/24', true],
    ['::ffff:cb00:7105', '203.0.113.0/24', true],
    ['::FFFF:203.0.113.5', '203.0.113.5', true],
    ['::ffff:203.0.114.5', '203.0.113.0/24', false],
    ['::ffff:203.0.113.5', '0.0.0.0/0', true],
    // An IPv4 address against IPv6 blocks written in mapped form
    ['203.0.113.5', '::ffff:203.0.113.0/120', true],
    ['203.0.113.5', '::ffff:cb00:7100/120', true],
    ['203.0.114.5', '::ffff:203.0.113.0/120', false],
    ['203.0.113.5', '::ffff:0:0/96', true],
    // Plain IPv4 and IPv6
    ['203.0.113.5', '203.0.113.0/24', true],
    ['198.51.100.7', '203.0.113.0/24', false],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['2001:db8::1', '0.0.0.0/0', false],
    ['2001:db8::1', '::/0', true],
    // An IPv6 block that only spans the mapped range is not an IPv4 block
    ['203.0.113.5', '::/0', false],
    ['203.0.113.5', '::/64', false],
    // Not IP addresses
    ['AWS Internal', '0.0.0.0/0', false],
    ['cloudformation.amazonaws.com', '::/0', false],
    ['', '0.0.0.0/0', false],
  ])('%s in %s: %s', (address, cidr, inside) => {
    // Act / Assess
    expect(ipInCidr(address, block(cidr))).toBe(inside);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/ 8', 'fe80::1%eth0'])(
    'refuses %s as a block',
    (text) => {
      // Act / Assess
      expect(parseCidr(text)).toBeUndefined();
    }
  );
});

describe('CIDR tests in rules and suppressions', () => {
  it.each([
    ['::ffff:203.0.113.5', true],
    ['203.0.113.5', true],
    ['2001:db8::7', true],
    ['::ffff:198.51.100.7', false],
    ['2001:db9::7', false],
  ])('a YAML cidr rule over 203.0.113.0/24 and 2001:db8::/32 matches %s: %s', (sourceIPAddress, matches) => {
    // Prepare
    const rule = yamlRule(
      'id: r\ntitle: t\nseverity: low\nmatch:\n  field: sourceIPAddress\n  cidr: [203.0.113.0/24, 2001:db8::/32]\n'
    );
    // Act / Assess
    expect(holds(rule.condition, record({ sourceIPAddress }))).toBe(matches);
  });
});
