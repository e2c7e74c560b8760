/**
 * Dates as `aws cloudtrail validate-logs` reads and prints them: `dateutil.parser.parse`, then
 * `normalize_date`, which REPLACES any time-zone offset with UTC instead of converting (so
 * `02:00+02:00` is read as `02:00Z`), and the display format `%Y-%m-%dT%H:%M:%SZ`.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const WORDS =
  /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

const pyTypeName = (value: unknown): string => {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : 'str';
};

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, frac = ''): Date | undefined => {
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return undefined;
  }
  return date;
};

/**
 * Parses a time as the CLI does for `--start-time`, `--end-time` and digest times: ISO 8601 in
 * extended or basic form (`2015-01-08T05:21:42Z`, `20140810T000000Z`, `2015-01-01`), or
 * `August 25, 2015 00:00:00 UTC`. Offsets are dropped, not applied (the CLI's quirk).
 * @param value - a string; any other JSON value fails like dateutil does
 * @returns the time, wall clock taken as UTC
 * @throws Error with the CLI's message: `Unable to parse date value: <value>`, or dateutil's
 * `Parser must be a string or character stream, not <type>` for non-strings
 */
export const parseCliDate = (value: unknown): Date => {
  if (typeof value !== 'string')
    throw new Error(`Parser must be a string or character stream, not ${pyTypeName(value)}`);
  const text = value.trim();
  const iso = ISO.exec(text);
  let date: Date | undefined;
  if (iso) {
    const [, y, mo, d, h, mi, s, frac] = iso;
    date = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), frac ?? '');
  } else {
    const words = WORDS.exec(text);
    const month = words ? MONTHS.indexOf((words[1] as string).slice(0, 3).toLowerCase()) + 1 : 0;
    if (words && month > 0) {
      const [, , d, y, h, mi, s] = words;
      date = utc(Number(y), month, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    }
  }
  if (date === undefined) throw new Error(`Unable to parse date value: ${value}`);
  return date;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `%Y-%m-%dT%H:%M:%SZ`, the CLI's display format. */
export const formatDisplayDate = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes()
  )}:${pad(date.getUTCSeconds())}Z`;

/** `%Y%m%dT%H%M%SZ`, the form in digest file names. */
export const formatCompactDate = (date: Date): string => formatDisplayDate(date).replace(/[-:]/g, '');

/** `%Y/%m/%d`, the date folder of a digest or log file. */
export const formatDateFolder = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
