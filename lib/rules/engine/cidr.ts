import { isIP } from 'node:net';

/** A parsed CIDR block. */
export type Cidr = { version: 4 | 6; bits: bigint; prefix: number };

const ipv4ToBigInt = (ip: string): bigint =>
  ip.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);

const ipv6ToBigInt = (ip: string): bigint => {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigInt(v4[1] as string);
    text = `${text.slice(0, v4.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [left, right] = text.split('::') as [string, string | undefined];
  const l = left === '' ? [] : left.split(':');
  const r = right === undefined || right === '' ? [] : right.split(':');
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
};

/** The address as a number, or `undefined` when the text is not an IP address (`AWS Internal`). */
export const parseIp = (text: string): { version: 4 | 6; value: bigint } | undefined => {
  const version = isIP(text);
  if (version === 4) return { version, value: ipv4ToBigInt(text) };
  if (version === 6) return { version, value: ipv6ToBigInt(text) };
  return undefined;
};

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128).
 * @param text - the CIDR text
 * @returns the block, or `undefined` when the text is not a CIDR block
 */
export const parseCidr = (text: string): Cidr | undefined => {
  const [address, prefixText] = text.trim().split('/') as [string, string | undefined];
  const ip = parseIp(address);
  if (!ip) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  ) {
    return undefined;
  }
  const shift = BigInt(max - prefix);
  return { version: ip.version, bits: (ip.value >> shift) << shift, prefix };
};

/**
 * Whether an address lies in a block. Non-IP text (CloudTrail's `AWS Internal`, service DNS
 * names) is in no block.
 * @param address - the address text
 * @param cidr - the block
 */
export const ipInCidr = (address: string, cidr: Cidr): boolean => {
  const ip = parseIp(address);
  if (!ip || ip.version !== cidr.version) return false;
  const shift = BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
  return (ip.value >> shift) << shift === cidr.bits;
};
