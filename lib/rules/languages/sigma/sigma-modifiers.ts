/**
 * Sigma's value modifiers as the specification lists them
 * (https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-appendix-modifiers.md):
 * the v2.0 set, plus `neq`, `wide` and the time modifiers that v2.1 added. A modifier outside
 * this list is refused.
 */
export const SIGMA_MODIFIERS: ReadonlySet<string> = new Set([
  // generic
  'all',
  'startswith',
  'endswith',
  'contains',
  'exists',
  'cased',
  'neq',
  // strings
  'windash',
  're',
  'i',
  'm',
  's',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  // numbers
  'lt',
  'lte',
  'gt',
  'gte',
  // time
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  // IP
  'cidr',
  // specific
  'expand',
  'fieldref',
]);

/** The modifiers that turn a value into other values before it is compared. */
export const TRANSFORM_MODIFIERS: ReadonlySet<string> = new Set([
  'windash',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'base64',
  'base64offset',
]);

/** The time modifiers: each reads one number out of a date. */
export const TIME_MODIFIERS: ReadonlySet<string> = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

/** A value after the transformation modifiers: Sigma text (wildcards and escapes live), or plain text. */
export type TransformedValue = { text: string; plain: boolean };

/** A transformation a rule asked for that the specification does not allow. */
export class SigmaModifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigmaModifierError';
  }
}

const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_WINDASH_VARIANTS = 1024;

/** Sigma text to its plain characters (`\*` → `*`, `\\` → `\`), failing on a live wildcard. */
const unescapeSigma = (text: string, modifier: string): string => {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && (text[i + 1] === '*' || text[i + 1] === '?' || text[i + 1] === '\\')) {
      out += text[i + 1];
      i++;
    } else if (c === '*' || c === '?') {
      throw new SigmaModifierError(`|${modifier} cannot encode a value with wildcards (${JSON.stringify(text)})`);
    } else {
      out += c;
    }
  }
  return out;
};

/** Every spelling of a command-line flag: a dash or slash that starts a word, as each of the five dashes. */
const windash = (text: string): string[] => {
  const positions: number[] = [];
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_])[-/\u2013\u2014\u2015](?=[\p{L}\p{N}_])/gu))
    positions.push(match.index);
  if (WINDASH.length ** positions.length > MAX_WINDASH_VARIANTS)
    throw new SigmaModifierError(
      `|windash on ${JSON.stringify(text)} gives more than ${MAX_WINDASH_VARIANTS} variants; split the value`
    );
  let variants = [text];
  for (const at of positions)
    variants = variants.flatMap((v) => WINDASH.map((dash) => `${v.slice(0, at)}${dash}${v.slice(at + 1)}`));
  return variants;
};

const utf16 = (text: string, form: string): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  if (form === 'utf16le' || form === 'wide') return le;
  if (form === 'utf16be') return le.swap16();
  return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
};

const BASE64_OFFSET_STARTS = [0, 2, 3];
const BASE64_OFFSET_ENDS = [0, -3, -2];

/**
 * The three base64 spellings of bytes at any offset inside a longer encoded text: the encoding
 * of the bytes shifted by zero, one and two bytes, without the characters its neighbours change
 * (pySigma's `base64offset`).
 */
const base64Offsets = (bytes: Buffer): string[] =>
  [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const end = BASE64_OFFSET_ENDS[(bytes.length + shift) % 3] as number;
    return encoded.slice(BASE64_OFFSET_STARTS[shift], end === 0 ? undefined : end);
  });

/**
 * Applies the transformation modifiers of a field, in the order written, to one value: `windash`
 * expands it, `utf16le`/`utf16be`/`utf16`/`wide` encode it (only as the input of `base64` or
 * `base64offset`, as the specification lists them), `base64` encodes it and `base64offset` gives
 * its three shifted encodings. Encoded values are plain text (no wildcards) compared case-sensitively.
 * @param value - the value as written (Sigma text)
 * @param transforms - the transformation modifiers, in order
 * @returns the values to compare, OR-linked
 * @throws SigmaModifierError when the chain is outside the specification or a value cannot be encoded
 */
export const transformValue = (value: string, transforms: readonly string[]): TransformedValue[] => {
  let texts: TransformedValue[] = [{ text: value, plain: false }];
  let bytes: Buffer[] | undefined;
  transforms.forEach((modifier, index) => {
    if (modifier === 'windash') {
      if (bytes) throw new SigmaModifierError('|windash must come before the encoding modifiers');
      texts = texts.flatMap((t) => windash(t.text).map((text) => ({ text, plain: t.plain })));
      return;
    }
    if (modifier === 'base64' || modifier === 'base64offset') {
      const input = bytes ?? texts.map((t) => Buffer.from(t.plain ? t.text : unescapeSigma(t.text, modifier), 'utf8'));
      texts = input.flatMap((b) =>
        modifier === 'base64'
          ? [{ text: b.toString('base64'), plain: true }]
          : base64Offsets(b).map((text) => ({ text, plain: true }))
      );
      bytes = undefined;
      return;
    }
    const next = transforms[index + 1];
    if (next !== 'base64' && next !== 'base64offset')
      throw new SigmaModifierError(`|${modifier} must be followed by |base64 or |base64offset`);
    bytes = texts.map((t) => utf16(t.plain ? t.text : unescapeSigma(t.text, modifier), modifier));
  });
  return texts;
};

/**
 * Reads one number out of a date, in UTC (the time modifiers do no time-zone conversion):
 * `minute` 0–59, `hour` 0–23, `day` 1–31, `week` 1–53 (ISO week), `month` 1–12, `year`.
 * @param part - the time modifier
 * @param value - a field value: an ISO 8601 text (CloudTrail's `eventTime`) or epoch milliseconds
 * @returns the number, or `undefined` when the value is not a date
 */
export const timePart = (part: string, value: unknown): number | undefined => {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default: {
      // ISO 8601 week: the week holding the year's first Thursday is week 1.
      const date = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
      const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
      return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
    }
  }
};
