/**
 * Which IPv4 and IPv6 addresses are not globally routed: the "Globally Reachable: False" rows of
 * the IANA special-purpose address registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/,
 * https://www.iana.org/assignments/iana-ipv6-special-registry/), plus multicast and the
 * addresses outside IPv6 global unicast (2000::/3). Such an address is `private`: it names a
 * host inside some network (a VPC endpoint's caller, a proxy), never a place on the internet.
 */

/** [first address, prefix length] of the IPv4 ranges that are never public. */
const IPV4_NOT_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // RFC 6598 shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the limited broadcast address
];

const v4Number = (dotted: string): number => dotted.split('.').reduce((value, part) => value * 256 + Number(part), 0);

const V4_STARTS = new Float64Array(IPV4_NOT_PUBLIC.map(([first]) => v4Number(first)));
const V4_SIZES = new Float64Array(IPV4_NOT_PUBLIC.map(([, prefix]) => 2 ** (32 - prefix)));

/**
 * Whether an IPv4 address is globally routed.
 * @param address - the address as an unsigned 32-bit number
 */
export const isPublicIPv4 = (address: number): boolean => {
  for (let i = 0; i < V4_STARTS.length; i++) {
    const start = V4_STARTS[i] as number;
    if (address >= start && address < start + (V4_SIZES[i] as number)) return false;
  }
  return true;
};

/**
 * Whether an IPv6 address is globally routed: inside 2000::/3 and not documentation
 * (2001:db8::/32) or the other non-global 2001::/23 assignments' best-known row, ORCHIDv2
 * (2001:20::/28). IPv4-mapped addresses are classified by the caller as IPv4.
 * @param words - the address as four 32-bit words, most significant first
 */
export const isPublicIPv6 = (words: Uint32Array): boolean => {
  const w0 = words[0] as number;
  if (w0 >>> 29 !== 1) return false; // outside 2000::/3: ULA, link-local, multicast, loopback…
  if (w0 === 0x20010db8) return false; // documentation
  if (w0 >>> 4 === 0x2001002) return false; // ORCHIDv2
  return true;
};

/**
 * The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d) carries.
 * @param words - the IPv6 address as four 32-bit words
 * @returns the IPv4 address, or -1 when the address is not IPv4-mapped
 */
export const mappedIPv4 = (words: Uint32Array): number =>
  words[0] === 0 && words[1] === 0 && words[2] === 0xffff ? (words[3] as number) : -1;
