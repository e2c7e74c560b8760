/*
 * Source addresses for the benches that exercise the offline IP context (docs/context.md). The
 * generated records of tools/sample/ call from documentation addresses (RFC 5737), which are not
 * public: no lookup reaches the IP databases there. These give records public IPv4 and IPv6
 * addresses, AWS service names and private addresses, as a real trail has.
 */
import type { CloudTrailRecord } from '../lib/model/record.js';
import { createRandom } from '../tools/sample/generate-trail.js';

/** Random globally routed-looking IPv4 addresses (1.0.0.0–223.255.255.255, no 10/8, 127/8). */
export const publicV4 = (n: number, random: () => number): string[] =>
  Array.from({ length: n }, () => {
    let a = 1 + Math.floor(random() * 223);
    if (a === 10 || a === 127 || a === 100 || a === 172 || a === 192 || a === 169) a = 11;
    return `${a}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
  });

/** Random IPv6 addresses in the RIRs' allocations (2001::/16 to 2c0f::/16). */
export const publicV6 = (n: number, random: () => number): string[] => {
  const group = () => Math.floor(random() * 65536).toString(16);
  return Array.from(
    { length: n },
    () =>
      `${(0x2001 + Math.floor(random() * (0x2c10 - 0x2001))).toString(16)}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`
  );
};

/**
 * Gives each record a source address: an EC2 instance's role session one of an AWS range (as an
 * instance reaching AWS from its own or a NAT gateway's address does: 52.94.76.0/22 is one), any
 * other call one drawn from a pool of 1,400 public IPv4 and 200 IPv6 addresses, AWS service
 * names, `AWS Internal` and 396 private addresses.
 * @param seed - the generator's seed
 */
export const contextAddresses = (seed = 7): ((record: CloudTrailRecord) => CloudTrailRecord) => {
  // Seeded, so every run uses the same addresses.
  const pick = createRandom(seed).next;
  const pool = [
    ...publicV4(1400, pick),
    ...publicV6(200, pick),
    ...['ec2.amazonaws.com', 'lambda.amazonaws.com', 'AWS Internal', 'cloudformation.amazonaws.com'],
    ...Array.from({ length: 396 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
  ];
  return (record) => ({
    ...record,
    sourceIPAddress: /\/i-[0-9a-f]+$/.test(record.userIdentity?.arn ?? '')
      ? `52.94.76.${Math.floor(pick() * 256)}`
      : (pool[Math.floor(pick() * pool.length)] as string),
  });
};
