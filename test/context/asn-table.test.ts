import { describe, expect, it } from 'vitest';
import { AsnTable, buildAsnTable, IpDatabaseError, parseAsnCsv, parseIPv6 } from '../../lib/context/index.js';

const V4_CSV = [
  '16777216,16777471,13335,"Cloudflare, Inc."',
  '16777472,16777727,13335,"Cloudflare, Inc."', // contiguous, same AS: one row
  '16778240,16779263,38803,Gtelecom Pty Ltd',
  '16779000,16779500,1,"Overlapping ""row"""', // overlaps the row before: clipped
  '3758096384,4294967295,64512,Top',
].join('\n');
const V6_CSV = '42540528726795050063891204319802818560,42540528727329395276160870415022948351,2500,WIDE Project\n';

const words = (text: string): Uint32Array => {
  const out = new Uint32Array(4);
  parseIPv6(text, out);
  return out;
};

describe('buildAsnTable and AsnTable', () => {
  const built = buildAsnTable(parseAsnCsv(V4_CSV, 'v4.csv'), parseAsnCsv(V6_CSV, 'v6.csv'), '9.9.9');
  const table = new AsnTable(built.table, 'asn.bin');

  it('finds the AS of an address inside a range and nothing in the gaps', () => {
    expect(table.lookupV4(16777216)).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(table.lookupV4(16777727)).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(table.lookupV4(16777728)).toBeUndefined();
    expect(table.lookupV4(0)).toBeUndefined();
    expect(table.lookupV4(0xffffffff)).toEqual({ asn: 64512, org: 'Top' });
    expect(table.lookupV6(words('2001:200::1'))).toEqual({ asn: 2500, org: 'WIDE Project' });
    expect(table.lookupV6(words('2001:1ff:ffff::'))).toBeUndefined();
    expect(table.lookupV6(words('2001:201::'))).toBeUndefined();
  });

  it('keeps the earlier row where a later one overlaps it, and reads quoted organisations', () => {
    expect(built.clipped).toBe(1);
    expect(table.lookupV4(16779263)).toEqual({ asn: 38803, org: 'Gtelecom Pty Ltd' });
    expect(table.lookupV4(16779400)).toEqual({ asn: 1, org: 'Overlapping "row"' });
  });

  it('merges contiguous rows of one AS and stores each organisation once', () => {
    expect(table.header).toMatchObject({ v4Rows: 7, v6Rows: 3, entries: 5, orgs: 5, sourceVersion: '9.9.9' });
  });

  it('is deterministic', () => {
    const again = buildAsnTable(parseAsnCsv(V4_CSV, 'v4.csv'), parseAsnCsv(V6_CSV, 'v6.csv'), '9.9.9');

    expect(again.table.equals(built.table)).toBe(true);
  });

  it.each([
    ['a truncated table', (b: Buffer) => b.subarray(0, b.length - 4), /truncated or corrupt/],
    [
      'a foreign file',
      (b: Buffer) => Buffer.concat([Buffer.from('PK\u0003\u0004'), b.subarray(4)]),
      /not an ASN table/,
    ],
    ['a newer format', (b: Buffer) => Buffer.from(b).fill(9, 8, 9), /format version 9/],
    ['a header alone', (b: Buffer) => b.subarray(0, 20), /shorter than its 64-byte header/],
  ])('refuses %s, naming the file', (_name, damage, message) => {
    const bytes = damage(Buffer.from(built.table));

    const open = () => new AsnTable(new Uint8Array(bytes), 'data/asn.bin');

    expect(open).toThrow(IpDatabaseError);
    expect(open).toThrow(/^IP database data\/asn\.bin: /);
    expect(open).toThrow(message);
  });

  it('refuses a CSV row it cannot read, naming the line', () => {
    expect(() => parseAsnCsv('1,2,3,ok\n1,x,3,bad\n', 'asn-ipv4-num.csv')).toThrow(/^asn-ipv4-num\.csv:2: /);
  });
});
