import { compileRegex } from '../../engine/compile-regex.js';
import { and, type Condition, type Leaf, or } from '../../engine/condition.js';
import { type FieldPath, scalarText } from '../../engine/field-path.js';
import { compileGlob, hasWildcard } from '../../engine/glob.js';

/** A filter pattern could not be read: `column` is 1-based within the pattern text. */
export class FilterPatternError extends Error {
  readonly column: number;
  constructor(message: string, column: number) {
    super(`${message} at column ${column}`);
    this.name = 'FilterPatternError';
    this.column = column;
  }
}

type Token =
  | { type: 'punct'; value: '{' | '}' | '(' | ')' | '&&' | '||'; at: number }
  | { type: 'op'; value: '=' | '!=' | '<' | '<=' | '>' | '>='; at: number }
  | { type: 'selector'; path: FieldPath; text: string; at: number }
  | { type: 'string'; value: string; quoted: boolean; at: number }
  | { type: 'regex'; value: string; at: number }
  | { type: 'word'; value: string; at: number };

const tokenize = (text: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const two = text.slice(i, i + 2);
    if (/\s/.test(ch)) {
      i++;
    } else if (two === '&&' || two === '||') {
      tokens.push({ type: 'punct', value: two, at: i });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ type: 'op', value: two, at: i });
      i += 2;
    } else if (ch === '=' || ch === '<' || ch === '>') {
      tokens.push({ type: 'op', value: ch, at: i });
      i++;
    } else if (ch === '{' || ch === '}' || ch === '(' || ch === ')') {
      tokens.push({ type: 'punct', value: ch, at: i });
      i++;
    } else if (ch === '$') {
      const match = /^\$((?:\.[A-Za-z0-9_@:-]+|\[\d+\])*)/.exec(text.slice(i));
      const body = match?.[1] ?? '';
      if (body === '') throw new FilterPatternError("expected a selector such as '$.eventName'", i + 1);
      const path = body
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .filter((s) => s !== '');
      tokens.push({ type: 'selector', path, text: `$${body}`, at: i });
      i += 1 + body.length;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
      }
      if (j >= text.length) throw new FilterPatternError('unterminated quoted value', i + 1);
      tokens.push({ type: 'string', value, quoted: true, at: i });
      i = j + 1;
    } else if (ch === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0) throw new FilterPatternError('unterminated %regex%', i + 1);
      tokens.push({ type: 'regex', value: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const match = /^[^\s(){}=!<>&|"]+/.exec(text.slice(i));
      if (!match) throw new FilterPatternError(`unexpected '${ch}'`, i + 1);
      tokens.push({ type: 'word', value: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
};

const NUMBER = /^-?\d+(?:\.\d+)?$/;

const candidatesOf = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value.flatMap(candidatesOf) : [value];

const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && NUMBER.test(v.trim()) ? Number(v) : undefined;

const comparison = (
  selector: Extract<Token, { type: 'selector' }>,
  op: Extract<Token, { type: 'op' }>,
  value: Token
): Leaf => {
  const describe = `${selector.text} ${op.value} ${value.type === 'regex' ? `%${value.value}%` : 'value' in value ? JSON.stringify(value.value) : ''}`;
  const base = { kind: 'leaf' as const, paths: [selector.path], describe };
  if (value.type === 'regex') {
    if (op.value !== '=' && op.value !== '!=')
      throw new FilterPatternError(`a %regex% takes = or !=, not ${op.value}`, op.at + 1);
    let test: (s: string) => boolean;
    try {
      test = compileRegex(value.value);
    } catch (error) {
      throw new FilterPatternError(`invalid regex %${value.value}%: ${(error as Error).message}`, value.at + 1);
    }
    const hit = (v: unknown) =>
      candidatesOf(v).some((c) => {
        const t = scalarText(c);
        return t !== undefined && test(t);
      });
    return { ...base, test: op.value === '=' ? hit : (v) => v !== undefined && v !== null && !hit(v) };
  }
  if (value.type !== 'string' && value.type !== 'word') throw new FilterPatternError('expected a value', value.at + 1);
  const raw = value.value;
  if (op.value !== '=' && op.value !== '!=') {
    if (!NUMBER.test(raw))
      throw new FilterPatternError(`${op.value} compares numbers; '${raw}' is not a number`, value.at + 1);
    const n = Number(raw);
    const cmp = {
      '<': (a: number) => a < n,
      '<=': (a: number) => a <= n,
      '>': (a: number) => a > n,
      '>=': (a: number) => a >= n,
    }[op.value];
    return {
      ...base,
      test: (v) =>
        candidatesOf(v).some((c) => {
          const x = numberOf(c);
          return x !== undefined && cmp(x);
        }),
    };
  }
  let equalsOne: (c: unknown) => boolean;
  // The same test for a value that is a string (most values compared): one call, no array check.
  let equalsText: (t: string) => boolean;
  let equals: Leaf['equals'];
  if (raw === '*') {
    equalsOne = (c) => c !== null && c !== undefined;
    equalsText = () => true;
  } else if (hasWildcard(raw)) {
    const glob = compileGlob(raw);
    equalsOne = (c) => {
      const t = scalarText(c);
      return t !== undefined && glob(t);
    };
    equalsText = glob;
  } else if (value.type === 'word' && NUMBER.test(raw)) {
    const n = Number(raw);
    equalsOne = (c) => (typeof c === 'number' ? c === n : c === raw);
    equalsText = (t) => t === raw;
  } else {
    equalsOne = (c) => scalarText(c) === raw;
    equalsText = (t) => t === raw;
    equals = { values: [raw] };
  }
  const hit = (v: unknown) => (Array.isArray(v) ? candidatesOf(v).some(equalsOne) : v !== undefined && equalsOne(v));
  if (op.value === '=')
    return { ...base, test: (v) => (typeof v === 'string' ? equalsText(v) : hit(v)), ...(equals ? { equals } : {}) };
  // `!=` never matches a missing field: CloudWatch Logs behaves so, and `NOT EXISTS` says "absent".
  return { ...base, test: (v) => (typeof v === 'string' ? !equalsText(v) : v !== undefined && !hit(v)) };
};

/**
 * Compiles a CloudWatch Logs JSON filter pattern
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html) into a
 * condition, so metric filters such as the CIS controls run verbatim over S3 logs.
 *
 * Supported: `$.a.b` and `$.a[0].b` selectors; `=`, `!=` with quoted or bare values, `*` as a
 * wildcard anywhere in the value (`= *` means "present"), `%regex%` (RE2); `<`, `<=`, `>`,
 * `>=` on numbers; `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`, `NOT EXISTS`; `&&`, `||` (`&&`
 * binds tighter) and parentheses. Comparisons are case-sensitive, as in CloudWatch Logs.
 * Decided semantics: `!=` fails on a missing field (write `|| ($.f NOT EXISTS)` to include
 * absence); a selector that lands on an array tests each element.
 *
 * @param text - the pattern, braces included
 * @returns the condition
 * @throws FilterPatternError with the column of the first problem
 * @example
 * compileFilterPattern('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }')
 */
export const compileFilterPattern = (text: string): Condition => {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    throw new FilterPatternError(
      'only JSON filter patterns ({ $.field = value … }) apply to CloudTrail records; term and space-delimited patterns are not supported',
      1
    );
  }
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const endAt = () => text.length + 1;
  const expectPunct = (value: string) => {
    const t = tokens[pos];
    if (t?.type !== 'punct' || t.value !== value)
      throw new FilterPatternError(`expected '${value}'`, t ? t.at + 1 : endAt());
    pos++;
  };
  const parseOr = (): Condition => {
    const parts = [parseAnd()];
    while (peek()?.type === 'punct' && (peek() as { value: string }).value === '||') {
      pos++;
      parts.push(parseAnd());
    }
    return or(...parts);
  };
  const parseAnd = (): Condition => {
    const parts = [parseUnary()];
    while (peek()?.type === 'punct' && (peek() as { value: string }).value === '&&') {
      pos++;
      parts.push(parseUnary());
    }
    return and(...parts);
  };
  const parseUnary = (): Condition => {
    const t = peek();
    if (!t) throw new FilterPatternError('expected a comparison', endAt());
    if (t.type === 'punct' && t.value === '(') {
      pos++;
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (t.type !== 'selector')
      throw new FilterPatternError("expected a selector such as '$.eventName' or '('", t.at + 1);
    pos++;
    const next = peek();
    if (next?.type === 'word' && /^(IS|NOT|EXISTS)$/i.test(next.value)) return parseKeyword(t);
    if (next?.type !== 'op')
      throw new FilterPatternError(`expected an operator after ${t.text}`, next ? next.at + 1 : endAt());
    pos++;
    const value = peek();
    if (!value) throw new FilterPatternError(`expected a value after ${t.text} ${next.value}`, endAt());
    pos++;
    return comparison(t, next, value);
  };
  const parseKeyword = (selector: Extract<Token, { type: 'selector' }>): Condition => {
    const word = (peek() as { value: string }).value.toUpperCase();
    pos++;
    const base = { kind: 'leaf' as const, paths: [selector.path] };
    if (word === 'EXISTS')
      return { ...base, test: (v: unknown) => v !== undefined, describe: `${selector.text} EXISTS` };
    const second = peek();
    const what = second?.type === 'word' ? second.value.toUpperCase() : '';
    if (word === 'NOT' && what === 'EXISTS') {
      pos++;
      return { ...base, test: (v: unknown) => v === undefined, describe: `${selector.text} NOT EXISTS` };
    }
    if (word === 'IS' && (what === 'NULL' || what === 'TRUE' || what === 'FALSE')) {
      pos++;
      const expected = what === 'NULL' ? null : what === 'TRUE';
      return { ...base, test: (v: unknown) => v === expected, describe: `${selector.text} IS ${what}` };
    }
    throw new FilterPatternError(
      `expected NOT EXISTS, EXISTS or IS NULL/TRUE/FALSE after ${selector.text}`,
      second ? second.at + 1 : endAt()
    );
  };
  expectPunct('{');
  const condition = parseOr();
  expectPunct('}');
  const extra = peek();
  if (extra) throw new FilterPatternError('unexpected text after the closing brace', extra.at + 1);
  return condition;
};
