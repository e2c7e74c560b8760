import { and, type Condition, not, or } from '../../engine/condition.js';
import { compileGlob } from '../../engine/glob.js';

/** A Sigma condition expression could not be read or names no search. */
export class SigmaConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigmaConditionError';
  }
}

type Token = { kind: 'word' | 'lparen' | 'rparen' | 'pipe'; text: string };

const tokenize = (text: string): Token[] => {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/y;
  let last = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    last = re.lastIndex;
    if (match[1]) tokens.push({ kind: 'lparen', text: '(' });
    else if (match[2]) tokens.push({ kind: 'rparen', text: ')' });
    else if (match[3]) tokens.push({ kind: 'pipe', text: '|' });
    else tokens.push({ kind: 'word', text: match[4] as string });
  }
  const rest = text.slice(last);
  if (rest.trim() !== '') throw new SigmaConditionError(`cannot read condition near '${rest}'`);
  return tokens;
};

/**
 * Compiles a Sigma `condition` (https://sigmahq.io/docs/basics/conditions.html) over already
 * compiled searches: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `any of x*`,
 * `N of x*`, `1 of them`, `all of them`. Precedence: `not` > `and` > `or`. Search names
 * starting with `_` are left out of `them`, as the specification says.
 *
 * @param text - the condition expression
 * @param searches - compiled searches by name
 * @returns the condition
 * @throws SigmaConditionError on syntax errors, unknown names, patterns that match no search,
 *   and aggregations (`| count() …`), which trailwatch refuses
 */
export const compileSigmaCondition = (text: string, searches: ReadonlyMap<string, Condition>): Condition => {
  const tokens = tokenize(text);
  if (tokens.some((t) => t.kind === 'pipe')) {
    throw new SigmaConditionError(
      "aggregation expressions ('| count() …') are not in the Sigma specification since v2.0 (correlation rules replaced them); use a trailwatch threshold rule"
    );
  }
  let pos = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };
  const resolvePattern = (pattern: string): Condition[] => {
    if (pattern === 'them') return [...searches].filter(([name]) => !name.startsWith('_')).map(([, c]) => c);
    const test = compileGlob(pattern, { questionMark: false });
    const found = [...searches].filter(([name]) => test(name)).map(([, c]) => c);
    if (found.length === 0)
      throw new SigmaConditionError(
        `'${pattern}' matches no search identifier (have: ${[...searches.keys()].join(', ')})`
      );
    return found;
  };
  const parseOr = (): Condition => {
    const parts = [parseAnd()];
    while (peekWord() === 'or') {
      pos++;
      parts.push(parseAnd());
    }
    return or(...parts);
  };
  const parseAnd = (): Condition => {
    const parts = [parseNot()];
    while (peekWord() === 'and') {
      pos++;
      parts.push(parseNot());
    }
    return and(...parts);
  };
  const parseNot = (): Condition => {
    if (peekWord() === 'not') {
      pos++;
      return not(parseNot());
    }
    return parsePrimary();
  };
  const parsePrimary = (): Condition => {
    const t = tokens[pos];
    if (!t) throw new SigmaConditionError('condition ends too early');
    if (t.kind === 'lparen') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind !== 'rparen') throw new SigmaConditionError("missing ')'");
      pos++;
      return inner;
    }
    if (t.kind !== 'word') throw new SigmaConditionError(`unexpected '${t.text}'`);
    const quantifier = t.text.toLowerCase();
    if (
      (/^\d+$/.test(quantifier) || quantifier === 'all' || quantifier === 'any') &&
      tokens[pos + 1]?.text.toLowerCase() === 'of'
    ) {
      const target = tokens[pos + 2];
      if (target?.kind !== 'word') throw new SigmaConditionError(`'${t.text} of' needs a search pattern or 'them'`);
      pos += 3;
      const found = resolvePattern(target.text);
      if (quantifier === 'all') return and(...found);
      const n = quantifier === 'any' ? 1 : Number(quantifier);
      if (n < 1) throw new SigmaConditionError(`'${quantifier} of' must count at least 1`);
      if (n === 1) return or(...found);
      return atLeast(n, found);
    }
    if (['and', 'or', 'of'].includes(quantifier)) throw new SigmaConditionError(`unexpected '${t.text}'`);
    pos++;
    const search = searches.get(t.text);
    if (!search)
      throw new SigmaConditionError(`unknown search identifier '${t.text}' (have: ${[...searches.keys()].join(', ')})`);
    return search;
  };
  const condition = parseOr();
  if (pos < tokens.length) throw new SigmaConditionError(`unexpected '${tokens[pos]?.text}'`);
  return condition;
};

/** At least `n` of the conditions hold, as an OR over every n-subset (Sigma's `N of`). */
const atLeast = (n: number, of: Condition[]): Condition => {
  if (n > of.length) return { kind: 'const', value: false };
  const subsets: Condition[] = [];
  const pick = (start: number, chosen: Condition[]) => {
    if (chosen.length === n) {
      subsets.push(and(...chosen));
      return;
    }
    for (let i = start; i < of.length; i++) pick(i + 1, [...chosen, of[i] as Condition]);
  };
  pick(0, []);
  return or(...subsets);
};
