import { RE2JS } from 're2js';

/** A compiled string test. */
export type StringTest = (value: string) => boolean;

/** How a glob reads its pattern. */
export type GlobOptions = {
  ignoreCase?: boolean;
  /** `?` matches one character (Sigma); otherwise it is literal (CloudWatch, suppressions). */
  questionMark?: boolean;
  /** `\*`, `\?` and `\\` are literal characters (Sigma's escaping). */
  escapes?: boolean;
};

type Token = { literal: string } | { any: true } | { one: true };

const tokenize = (pattern: string, options: GlobOptions): Token[] => {
  const tokens: Token[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') tokens.push({ literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const next = pattern[i + 1];
    if (options.escapes && ch === '\\' && (next === '*' || next === '?' || next === '\\')) {
      literal += next;
      i++;
    } else if (ch === '*') {
      flush();
      if (!(tokens.at(-1) && 'any' in (tokens.at(-1) as Token))) tokens.push({ any: true });
    } else if (ch === '?' && options.questionMark) {
      flush();
      tokens.push({ one: true });
    } else {
      literal += ch;
    }
  }
  flush();
  return tokens;
};

/**
 * Whether a pattern contains an unescaped wildcard under the given options.
 * @param pattern - the pattern text
 * @param options - how the pattern is read
 */
export const hasWildcard = (pattern: string, options: GlobOptions = {}): boolean =>
  tokenize(pattern, options).some((t) => !('literal' in t));

/**
 * Compiles a glob (`*` any run of characters, optionally `?` one character) to a test of the
 * whole value. `*`-only globs run as a greedy prefix/infix/suffix scan, which is linear;
 * globs with `?` go through RE2, which is linear too, so a user's pattern cannot hang a Lambda.
 * @param pattern - the glob
 * @param options - case and escaping rules
 * @returns a test of a string value
 * @example
 * compileGlob('AccessDenied*')('AccessDeniedException') // true
 */
export const compileGlob = (pattern: string, options: GlobOptions = {}): StringTest => {
  const tokens = tokenize(pattern, options);
  const fold = options.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (tokens.some((t) => 'one' in t)) {
    const source = tokens
      .map((t) => ('literal' in t ? RE2JS.quote(t.literal) : 'any' in t ? '(?s:.*)' : '(?s:.)'))
      .join('');
    const re = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return (value) => re.testExact(value);
  }
  const parts = tokens.map((t) => ('literal' in t ? fold(t.literal) : null));
  if (parts.length === 0) return (value) => value === '';
  if (parts.length === 1 && parts[0] !== null) {
    const exact = parts[0] as string;
    // The length check first spares lower-casing values that cannot match.
    return options.ignoreCase
      ? (value) => value.length === exact.length && value.toLowerCase() === exact
      : (value) => value === exact;
  }
  const anchoredStart = parts[0] !== null;
  const anchoredEnd = parts.at(-1) !== null;
  const literals = parts.filter((p): p is string => p !== null);
  const head = anchoredStart ? (literals.shift() as string) : '';
  const tail = anchoredEnd ? (literals.pop() as string) : '';
  return (raw) => {
    const value = fold(raw);
    if (value.length < head.length + tail.length) return false;
    if (!value.startsWith(head) || !value.endsWith(tail)) return false;
    let from = head.length;
    const limit = value.length - tail.length;
    for (const literal of literals) {
      const at = value.indexOf(literal, from);
      if (at < 0 || at + literal.length > limit) return false;
      from = at + literal.length;
    }
    return true;
  };
};
