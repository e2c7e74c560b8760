import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type Response } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { flattenCountryMmdb } from '../../lib/context/country-mmdb.js';
import {
  buildCountryTable,
  CountryTable,
  IP_DATA_FILES,
  IpDatabaseError,
  parseIPv4,
  parseIPv6,
} from '../../lib/context/index.js';
import { V4_INDEX_LENGTH, V6_INDEX_LENGTH } from '../../lib/context/range-index.js';
import { createRandom } from '../../tools/sample/generate-trail.js';
import { IP_DATA_DIR } from '../helpers/ip-data.js';

const words = (text: string): Uint32Array => {
  const out = new Uint32Array(4);
  if (!parseIPv6(text, out)) throw new Error(`not an IPv6 address: ${text}`);
  return out;
};

describe('buildCountryTable and CountryTable', () => {
  const v4 = {
    starts: [0, 0x01000000, 0x01000100, 0x08080800, 0x08080900],
    countries: [undefined, 'AU', 'CN', 'US', undefined],
  };
  const v6 = {
    starts: [0, 0, 0, 0, 0x20010200, 0, 0, 0, 0x20010201, 0, 0, 0],
    countries: [undefined, 'JP', undefined],
  };
  const built = buildCountryTable(v4, v6, '9.9.9');
  const table = new CountryTable(built, 'country.bin');

  it('finds the country of an address from its row start to the next row, and none where the source has none', () => {
    expect(table.lookupV4(0)).toBeUndefined();
    expect(table.lookupV4(0x00ffffff)).toBeUndefined();
    expect(table.lookupV4(0x01000000)).toBe('AU');
    expect(table.lookupV4(0x010000ff)).toBe('AU');
    expect(table.lookupV4(0x01000100)).toBe('CN');
    expect(table.lookupV4(parseIPv4('8.8.8.8'))).toBe('US');
    expect(table.lookupV4(parseIPv4('8.8.9.0'))).toBeUndefined();
    expect(table.lookupV4(0xffffffff)).toBeUndefined();
    expect(table.lookupV6(words('2001:200::1'))).toBe('JP');
    expect(table.lookupV6(words('2001:200:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe('JP');
    expect(table.lookupV6(words('2001:1ff:ffff::'))).toBeUndefined();
    expect(table.lookupV6(words('2001:201::'))).toBeUndefined();
  });

  it('stores each country once and keeps the counts and source version in its header', () => {
    expect(table.header).toEqual({ v4Rows: 5, v6Rows: 3, countries: 4, sourceVersion: '9.9.9' });
    // The header, both prefix indexes, the rows, the four codes (8 bytes).
    expect(built.length).toBe(64 + 4 * (V4_INDEX_LENGTH + V6_INDEX_LENGTH) + 4 * (2 * 5 + 5 * 3) + 8);
  });

  it('is deterministic', () => {
    expect(buildCountryTable(v4, v6, '9.9.9').equals(built)).toBe(true);
  });

  it('reads a table at any 4-byte-unaligned offset, and from a SharedArrayBuffer', () => {
    const unaligned = new Uint8Array(built.length + 1).subarray(1);
    unaligned.set(built);
    const shared = new Uint8Array(new SharedArrayBuffer(built.length));
    shared.set(built);

    for (const bytes of [unaligned, shared])
      expect(new CountryTable(bytes, 'country.bin').lookupV4(0x01000100)).toBe('CN');
  });

  it.each([
    ['a truncated table', (b: Buffer) => b.subarray(0, b.length - 4), /truncated or corrupt/],
    [
      'a foreign file',
      (b: Buffer) => Buffer.concat([Buffer.from('PK\u0003\u0004'), b.subarray(4)]),
      /not a country table/,
    ],
    ['a newer format', (b: Buffer) => Buffer.from(b).fill(9, 8, 9), /format version 9/],
    ['a header alone', (b: Buffer) => b.subarray(0, 20), /shorter than its 64-byte header/],
  ])('refuses %s, naming the file', (_name, damage, message) => {
    const open = () => new CountryTable(new Uint8Array(damage(Buffer.from(built))), 'data/country.bin');

    expect(open).toThrow(IpDatabaseError);
    expect(open).toThrow(/^IP database data\/country\.bin: /);
    expect(open).toThrow(message);
  });

  it.each([
    ['rows that do not start at 0', { starts: [5], countries: ['US'] }, /first row must start at address 0/],
    ['rows out of order', { starts: [0, 9, 9], countries: ['US', 'CA', 'MX'] }, /row 2 does not start after/],
    ['a code that is not ISO 3166-1 alpha-2', { starts: [0], countries: ['usa'] }, /"usa" is not an ISO/],
    ['starts and rows that differ in number', { starts: [0, 1], countries: ['US'] }, /2 start words for 1 rows/],
    ['a start past 32 bits', { starts: [0, 2 ** 32], countries: ['US', 'CA'] }, /not a 32-bit unsigned integer/],
  ])('refuses to build from %s', (_name, rows, message) => {
    expect(() => buildCountryTable(rows, v6, '9.9.9')).toThrow(message);
  });
});

/**
 * The built table against the source itself: the pinned package's MMDB files read with the
 * `maxmind` reader's own lookup, at seeded random addresses and at both sides of sampled row starts.
 */
describe('the country table npm ci builds', () => {
  const require = createRequire(import.meta.url);
  const source = dirname(require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json'));
  const mmdb = (name: string) => readFileSync(join(source, name));
  const table = new CountryTable(readFileSync(join(IP_DATA_DIR, IP_DATA_FILES.country)), IP_DATA_FILES.country);
  // The files' data records are `{ country_code }` maps, none of maxmind's response types.
  const reader = (name: string) => {
    const own = new Reader<Response>(mmdb(name));
    return { get: (ip: string) => own.get(ip) as { country_code?: string } | null };
  };
  const readers = { v4: reader('geo-whois-asn-country-ipv4.mmdb'), v6: reader('geo-whois-asn-country-ipv6.mmdb') };
  // Seeded: the same addresses every run, each a 32-bit word.
  const seeded = createRandom(42);
  const random = (): number => Math.floor(seeded.next() * 4294967296);
  const v4Text = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  const v6Text = (w: ArrayLike<number>) =>
    Array.from(w, (x) => `${((x >>> 16) & 0xffff).toString(16)}:${(x & 0xffff).toString(16)}`).join(':');
  const mismatches = (pairs: Array<[string, string | undefined, string | undefined]>) =>
    pairs.filter(([, ours, theirs]) => ours !== theirs).slice(0, 5);

  it('gives the reader’s country for 20,000 random IPv4 addresses and both sides of 2,000 row starts', () => {
    const rows = flattenCountryMmdb(mmdb('geo-whois-asn-country-ipv4.mmdb'), 'ipv4', 4);
    const addresses = Array.from({ length: 20_000 }, random);
    for (let i = 0; i < 2000; i++) {
      const start = rows.starts[1 + (random() % (rows.starts.length - 1))] as number;
      addresses.push(start, start - 1);
    }
    const pairs = addresses.map((n): [string, string | undefined, string | undefined] => [
      v4Text(n),
      table.lookupV4(n),
      readers.v4.get(v4Text(n))?.country_code,
    ]);

    expect(mismatches(pairs)).toEqual([]);
    expect(new Set(pairs.map(([, ours]) => ours)).size).toBeGreaterThan(150);
  });

  it('gives the reader’s country for 20,000 random IPv6 addresses and both sides of 2,000 row starts', () => {
    const rows = flattenCountryMmdb(mmdb('geo-whois-asn-country-ipv6.mmdb'), 'ipv6', 6);
    const addresses: Uint32Array[] = Array.from({ length: 20_000 }, (_, i) => {
      // Mostly in 2000::/3 (the global unicast space the source covers), some anywhere.
      const first = i % 4 === 0 ? random() : 0x20000000 + (random() % 0x20000000);
      return Uint32Array.of(first, random(), random(), random());
    });
    for (let i = 0; i < 2000; i++) {
      const row = 1 + (random() % (rows.countries.length - 1));
      const start = Uint32Array.from(rows.starts.slice(4 * row, 4 * row + 4));
      const before = Uint32Array.from(start);
      // The address just before the row start: subtract 1, borrowing from the more significant words.
      for (let w = 3; w >= 0; w--) {
        before[w] = ((before[w] as number) - 1) >>> 0;
        if (before[w] !== 0xffffffff) break;
      }
      addresses.push(start, before);
    }
    const pairs = addresses.map((w): [string, string | undefined, string | undefined] => [
      v6Text(w),
      table.lookupV6(w),
      readers.v6.get(v6Text(w))?.country_code,
    ]);

    expect(mismatches(pairs)).toEqual([]);
    expect(new Set(pairs.map(([, ours]) => ours)).size).toBeGreaterThan(100);
  });

  it('says which package version it was built from', () => {
    const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };

    expect(table.header.sourceVersion).toBe(pkg.version);
  });
});

describe('flattenCountryMmdb', () => {
  const require = createRequire(import.meta.url);
  const file = join(
    dirname(require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json')),
    'geo-whois-asn-country-ipv4.mmdb'
  );

  it('refuses a file that is not a MaxMind DB, naming it', () => {
    expect(() => flattenCountryMmdb(Buffer.alloc(4096, 7), 'x.mmdb', 4)).toThrow(
      /^IP database x\.mmdb: not a MaxMind DB/
    );
  });

  it('refuses a database of the other address family', () => {
    expect(() => flattenCountryMmdb(readFileSync(file), 'v4.mmdb', 6)).toThrow(
      'IP database v4.mmdb: indexes IPv4 addresses, expected IPv6'
    );
  });

  it('refuses a database whose search tree is cut short', () => {
    const bytes = readFileSync(file);
    // Keep the metadata at the end; drop most of the search tree before it.
    const cut = Buffer.concat([bytes.subarray(0, 1000), bytes.subarray(bytes.length - 20_000)]);

    expect(() => flattenCountryMmdb(cut, 'cut.mmdb', 4)).toThrow('IP database cut.mmdb: truncated');
  });
});
