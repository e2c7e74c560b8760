/**
 * Text addresses to numbers, without regular expressions or allocation per call: the lookups
 * run for every record an alert or a rule reads, so these parsers are the hot path.
 */

/**
 * Parses a dotted-quad IPv4 address (`192.0.2.1`; no leading zeros, no shorter forms).
 * @param text - the address
 * @param from - index of the first character (default 0)
 * @param to - index after the last character (default the text's length)
 * @returns the address as an unsigned 32-bit number, or -1 when the text is not one
 */
export const parseIPv4 = (text: string, from = 0, to = text.length): number => {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1; // leading zero
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || parts === 3) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (digits === 0 || parts !== 3) return -1;
  return value * 256 + part;
};

const hexValue = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
};

const groups = new Uint16Array(8);
const expanded = new Uint16Array(8);

/**
 * Parses an IPv6 address (RFC 4291 text forms: `::` compression, a trailing dotted IPv4 part;
 * no zone index) into four 32-bit words, most significant first.
 * @param text - the address
 * @param out - receives the words
 * @returns whether the text is an IPv6 address
 */
export const parseIPv6 = (text: string, out: Uint32Array): boolean => {
  const length = text.length;
  if (length < 2 || length > 45) return false;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === length) {
      out.fill(0);
      return true;
    }
  }
  while (i < length) {
    let value = 0;
    let digits = 0;
    const start = i;
    while (i < length) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = (value << 4) | h;
      digits++;
      i++;
    }
    if (i < length && text.charCodeAt(i) === 46) {
      // A dotted IPv4 tail fills the last two groups.
      if (count > 6) return false;
      const v4 = parseIPv4(text, start, length);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = length;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = value;
    if (i === length) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < length && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === length) break;
    } else if (i === length) return false;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const fill = 8 - count;
  for (let k = 0; k < 8; k++)
    expanded[k] = gap < 0 || k < gap ? (groups[k] as number) : k < gap + fill ? 0 : (groups[k - fill] as number);
  for (let w = 0; w < 4; w++) out[w] = (((expanded[2 * w] as number) << 16) | (expanded[2 * w + 1] as number)) >>> 0;
  return true;
};
