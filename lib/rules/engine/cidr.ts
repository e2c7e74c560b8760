import { BlockList, isIP } from 'node:net';

/**
 * A parsed CIDR block, checked with Node's `net.BlockList`, which compares IPv4 and IPv4-mapped
 * IPv6 (`::ffff:203.0.113.5`, `::ffff:cb00:7105`) as the same address.
 */
export type Cidr = {
  version: 4 | 6;
  prefix: number;
  /** Whether an IPv6 block lies inside `::ffff:0:0/96`, the IPv4-mapped addresses. */
  mapped: boolean;
  list: BlockList;
};

const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

const family = (version: 4 | 6): 'ipv4' | 'ipv6' => (version === 4 ? 'ipv4' : 'ipv6');

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32`, `::ffff:203.0.113.0/120` or a bare address (a /32 or /128).
 * @param text - the CIDR text
 * @returns the block, or `undefined` when the text is not a CIDR block
 */
export const parseCidr = (text: string): Cidr | undefined => {
  const parts = text.trim().split('/');
  if (parts.length > 2) return undefined;
  const [address, prefixText] = parts as [string, string | undefined];
  const version = isIP(address);
  // A zone index (`fe80::1%eth0`) names an interface of one host, not a block.
  if ((version !== 4 && version !== 6) || address.includes('%')) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d+$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  const list = new BlockList();
  try {
    list.addSubnet(address, prefix, family(version));
  } catch {
    // A form isIP takes but BlockList does not.
    return undefined;
  }
  return {
    version,
    prefix,
    mapped: version === 6 && prefix >= 96 && MAPPED.check(address, 'ipv6'),
    list,
  };
};

/**
 * Whether an address lies in a block. An IPv4-mapped IPv6 address (`::ffff:203.0.113.5`, as a
 * dual-stack endpoint may log it) is in the IPv4 blocks its IPv4 address is in, and an IPv4
 * address is in an IPv6 block written in mapped form (`::ffff:203.0.113.0/120`). An IPv6 block
 * that merely spans the mapped range (`::/0`, "every IPv6 address") holds no IPv4 address, so a
 * suppression for IPv6 never silences IPv4 alerts. Non-IP text (CloudTrail's `AWS Internal`,
 * service DNS names) is in no block.
 * @param address - the address text
 * @param cidr - the block
 */
export const ipInCidr = (address: string, cidr: Cidr): boolean => {
  const version = isIP(address);
  if (version !== 4 && version !== 6) return false;
  if (version === 4 && cidr.version === 6 && !cidr.mapped) return false;
  try {
    return cidr.list.check(address, family(version));
  } catch {
    return false;
  }
};
