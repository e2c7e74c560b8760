import { describe, expect, it } from 'vitest';
import { openIpEnricher } from '../../lib/context/index.js';
import { IP_DATA_DIR } from '../helpers/ip-data.js';

/**
 * Addresses whose owners document them: public DNS resolvers (Google 8.8.8.8 and
 * 2001:4860:4860::8888, https://developers.google.com/speed/public-dns/docs/using; Cloudflare
 * 1.1.1.1, https://one.one.one.one/; Quad9 9.9.9.9, https://www.quad9.net/), a regional internet
 * registry's own servers (www.ripe.net, 193.0.6.139 and 2001:67c:2e8:22::c100:68b, RIPE NCC's
 * AS3333, https://www.ripe.net/), and AWS ranges from https://ip-ranges.amazonaws.com/ip-ranges.json
 * (52.94.76.0/22 us-west-2 AMAZON; 2a05:d018::/36 eu-west-1 EC2).
 */
describe('OfflineIpEnricher', () => {
  const enricher = openIpEnricher(IP_DATA_DIR);

  it.each([
    ['8.8.8.8', { kind: 'public', asn: 15169, org: 'Google LLC', country: 'US', aws: false }],
    ['2001:4860:4860::8888', { kind: 'public', asn: 15169, org: 'Google LLC', country: 'US', aws: false }],
    ['1.1.1.1', { kind: 'public', asn: 13335, org: 'Cloudflare, Inc.', aws: false }],
    ['9.9.9.9', { kind: 'public', asn: 19281, org: 'Quad9', aws: false }],
    [
      '193.0.6.139',
      {
        kind: 'public',
        asn: 3333,
        org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)',
        country: 'NL',
        aws: false,
      },
    ],
    [
      '2001:67c:2e8:22::c100:68b',
      {
        kind: 'public',
        asn: 3333,
        org: 'Reseaux IP Europeens Network Coordination Centre (RIPE NCC)',
        country: 'NL',
        aws: false,
      },
    ],
    ['52.94.76.1', { kind: 'public', asn: 16509, org: 'Amazon.com, Inc.', country: 'US', aws: true }],
    ['2a05:d018::1', { kind: 'public', asn: 16509, org: 'Amazon.com, Inc.', country: 'IE', aws: true }],
    ['::ffff:8.8.8.8', { kind: 'public', asn: 15169, org: 'Google LLC', country: 'US', aws: false }],
  ])('pins %s to its documented owner', (address, expected) => {
    expect(enricher.lookup(address)).toMatchObject(expected);
  });

  it.each([
    ['10.1.2.3', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.0.10', 'private'],
    ['100.64.0.1', 'private'],
    ['127.0.0.1', 'private'],
    ['169.254.169.254', 'private'],
    ['203.0.113.12', 'private'],
    ['::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['2001:db8::1', 'private'],
    ['AWS Internal', 'aws-internal'],
    ['ec2.amazonaws.com', 'aws-service'],
    ['lambda.amazonaws.com', 'aws-service'],
    ['s3.amazonaws.com.cn', 'aws-service'],
    ['', 'invalid'],
    ['not an address', 'invalid'],
    ['999.1.1.1', 'invalid'],
    ['evil.example.com', 'invalid'],
  ])('reads %j as %s, with no looked-up field', (address, kind) => {
    expect(enricher.lookup(address)).toEqual({ kind });
  });

  it('gives no context without a sourceIPAddress, and counts values that are not addresses', () => {
    const own = openIpEnricher(IP_DATA_DIR);

    const results = [own.lookup(undefined), own.lookup(42), own.lookup('x'), own.lookup('x'), own.lookup('8.8.8.8')];

    expect(results.map((r) => r?.kind)).toEqual([undefined, 'invalid', 'invalid', 'invalid', 'public']);
    expect(own.stats).toEqual({ lookups: 4, invalid: 3, cacheHits: 1 });
  });

  it('gives the same answer from its cache and without one', () => {
    const uncached = openIpEnricher(IP_DATA_DIR, { cacheSize: 0 });

    const addresses = ['8.8.8.8', '52.94.76.1', '10.0.0.1', '2a05:d018::1'];

    expect(addresses.map((a) => uncached.lookup(a))).toEqual(addresses.map((a) => enricher.lookup(a)));
    expect(uncached.stats.cacheHits).toBe(0);
  });

  it('names the data version it was built from', () => {
    expect(enricher.dataVersion).toBe('2.3.2026061719');
  });
});

describe('AMAZON_ASNS', () => {
  it('lists only autonomous systems the pinned ASN data names an Amazon entity for', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const { AMAZON_ASNS } = await import('../../lib/context/index.js');
    const dir = dirname(createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json'));
    const orgs = new Map<number, string>();
    for (const file of ['asn-ipv4-num.csv', 'asn-ipv6-num.csv'])
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const [, , asn, ...org] = line.split(',');
        if (asn !== undefined && !orgs.has(Number(asn))) orgs.set(Number(asn), org.join(',').replaceAll('"', ''));
      }

    const named = [...AMAZON_ASNS].map((asn) => [asn, orgs.get(asn) ?? 'absent'] as const);

    expect(named.filter(([, org]) => !/^Amazon(\.com| Technologies| Data Services)/.test(org))).toEqual([]);
  });
});
