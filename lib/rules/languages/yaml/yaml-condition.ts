import { apiName } from '../../engine/api-name.js';
import { ipInCidr, parseCidr } from '../../engine/cidr.js';
import { compileRegex } from '../../engine/compile-regex.js';
import { and, type Condition, type Leaf, not, or } from '../../engine/condition.js';
import { parseFieldPath, scalarText } from '../../engine/field-path.js';
import { unknownFieldProblem } from '../../engine/unknown-field.js';
import type { YamlDocument, YamlPath } from './yaml-file.js';

/** The operators a YAML field test may use (exactly one per test). */
export const YAML_OPERATORS = [
  'equals',
  'in',
  'prefix',
  'suffix',
  'contains',
  'regex',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'apiName',
] as const;
type Operator = (typeof YAML_OPERATORS)[number];

const LEAF_KEYS = new Set<string>(['field', 'ignoreCase', ...YAML_OPERATORS]);

/** Array elements one by one (deep), scalars as themselves; objects are not values here. */
const NONE: unknown[] = [];
const candidatesOf = (value: unknown): unknown[] => {
  if (value === undefined) return NONE;
  if (!Array.isArray(value)) return [value];
  return value.flatMap(candidatesOf);
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const looseEquals = (candidate: unknown, wanted: unknown, ignoreCase: boolean): boolean => {
  if (typeof wanted === 'string' && typeof candidate === 'string') {
    return ignoreCase ? candidate.toLowerCase() === wanted.toLowerCase() : candidate === wanted;
  }
  if (typeof wanted === 'number') {
    if (typeof candidate === 'number') return candidate === wanted;
    return typeof candidate === 'string' && candidate.trim() !== '' && Number(candidate) === wanted;
  }
  return candidate === wanted;
};

const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/**
 * Compiles the `match:` block of a YAML rule (or a suppression) into a condition.
 *
 * Forms: `{ all: [..] }`, `{ any: [..] }`, `{ not: .. }`, and field tests
 * `{ field: a.b.c, <operator>: value, ignoreCase?: true }`. A field test holds when any value
 * at the path passes (array elements count one by one); a missing field fails every operator
 * except `exists: false`. Values are typed as YAML reads them: `equals: false` matches the
 * boolean, `equals: 'false'` the string; a number also matches its numeric string.
 *
 * @param doc - the document (for error lines)
 * @param value - the condition value
 * @param path - where it sits in the document
 * @returns the condition
 * @throws RuleLoadError naming the line and what is wrong
 */
export const compileYamlCondition = (doc: YamlDocument, value: unknown, path: YamlPath): Condition => {
  if (!isPlainObject(value)) throw doc.error(path, 'a condition must be a mapping (all, any, not, or a field test)');
  const keys = Object.keys(value);
  if ('all' in value || 'any' in value) {
    const key = 'all' in value ? 'all' : 'any';
    if (keys.length !== 1)
      throw doc.error(
        path,
        `'${key}' must stand alone in its mapping, found also: ${keys.filter((k) => k !== key).join(', ')}`
      );
    const list = value[key];
    if (!Array.isArray(list) || list.length === 0)
      throw doc.error([...path, key], `'${key}' needs a non-empty list of conditions`);
    const parts = list.map((item, i) => compileYamlCondition(doc, item, [...path, key, i]));
    return key === 'all' ? and(...parts) : or(...parts);
  }
  if ('not' in value) {
    if (keys.length !== 1) throw doc.error(path, `'not' must stand alone in its mapping`);
    return not(compileYamlCondition(doc, value.not, [...path, 'not']));
  }
  return compileFieldTest(doc, value, path);
};

const compileFieldTest = (doc: YamlDocument, value: Record<string, unknown>, path: YamlPath): Leaf => {
  const unknown = Object.keys(value).filter((k) => !LEAF_KEYS.has(k));
  if (unknown.length > 0) {
    throw doc.error(
      [...path, unknown[0] as string],
      `unknown key '${unknown[0]}' in a field test (operators: ${YAML_OPERATORS.join(', ')}; or all/any/not)`
    );
  }
  const field = value.field;
  if (typeof field !== 'string' || field.trim() === '')
    throw doc.error(path, "a field test needs 'field: <dotted.path>'");
  const ops = YAML_OPERATORS.filter((op) => op in value);
  if (ops.length !== 1) {
    throw doc.error(
      path,
      ops.length === 0
        ? `field test on '${field}' has no operator (one of ${YAML_OPERATORS.join(', ')})`
        : `field test on '${field}' has ${ops.length} operators (${ops.join(', ')}); use all: to combine`
    );
  }
  const op = ops[0] as Operator;
  const operand = value[op];
  const where: YamlPath = [...path, op];
  const ignoreCase = value.ignoreCase === true;
  if (value.ignoreCase !== undefined && typeof value.ignoreCase !== 'boolean')
    throw doc.error([...path, 'ignoreCase'], 'ignoreCase must be true or false');
  const fieldPath = parseFieldPath(field);
  const unknownField = unknownFieldProblem(fieldPath, field);
  if (unknownField !== undefined) throw doc.error([...path, 'field'], unknownField);
  const leaf = (test: (v: unknown) => boolean, describe: string, equals?: Leaf['equals']): Leaf => ({
    kind: 'leaf',
    paths: [fieldPath],
    test,
    describe: `${field} ${describe}`,
    ...(equals ? { equals } : {}),
  });
  const strings = (): string[] => {
    const list = Array.isArray(operand) ? operand : [operand];
    if (list.length === 0 || list.some((s) => typeof s !== 'string' && typeof s !== 'number')) {
      throw doc.error(where, `'${op}' needs a string or a list of strings`);
    }
    return list.map(String);
  };
  const textTest = (make: (c: string, w: string) => boolean) => {
    const wanted = strings().map((w) => (ignoreCase ? w.toLowerCase() : w));
    return (v: unknown) =>
      candidatesOf(v).some((c) => {
        const text = scalarText(c);
        if (text === undefined) return false;
        const subject = ignoreCase ? text.toLowerCase() : text;
        return wanted.some((w) => make(subject, w));
      });
  };
  switch (op) {
    case 'equals': {
      if (Array.isArray(operand) || isPlainObject(operand))
        throw doc.error(where, "'equals' takes one scalar; use 'in' for a list");
      return leaf(
        (v) => candidatesOf(v).some((c) => looseEquals(c, operand, ignoreCase)),
        `= ${JSON.stringify(operand)}`,
        typeof operand === 'string' && !ignoreCase ? { values: [operand] } : undefined
      );
    }
    case 'in': {
      if (
        !Array.isArray(operand) ||
        operand.length === 0 ||
        operand.some((o) => isPlainObject(o) || Array.isArray(o))
      ) {
        throw doc.error(where, "'in' needs a non-empty list of scalars");
      }
      const allStrings = operand.every((o) => typeof o === 'string');
      return leaf(
        (v) => candidatesOf(v).some((c) => operand.some((o) => looseEquals(c, o, ignoreCase))),
        `in ${JSON.stringify(operand)}`,
        allStrings && !ignoreCase ? { values: operand as string[] } : undefined
      );
    }
    case 'apiName': {
      const names = strings().map(apiName);
      const set = new Set(names);
      return leaf(
        (v) => candidatesOf(v).some((c) => typeof c === 'string' && set.has(apiName(c))),
        `API name in [${names.join(', ')}]`,
        { values: names, byApiName: true }
      );
    }
    case 'prefix':
      return leaf(
        textTest((c, w) => c.startsWith(w)),
        `starts with ${JSON.stringify(operand)}`
      );
    case 'suffix':
      return leaf(
        textTest((c, w) => c.endsWith(w)),
        `ends with ${JSON.stringify(operand)}`
      );
    case 'contains':
      return leaf(
        textTest((c, w) => c.includes(w)),
        `contains ${JSON.stringify(operand)}`
      );
    case 'regex': {
      if (typeof operand !== 'string') throw doc.error(where, "'regex' needs one string");
      let test: (s: string) => boolean;
      try {
        test = compileRegex(operand, { ignoreCase });
      } catch (error) {
        throw doc.error(
          where,
          `invalid regex ${JSON.stringify(operand)}: ${(error as Error).message} (trailwatch uses RE2: no backreferences or lookaround)`,
          { cause: error }
        );
      }
      return leaf(
        (v) =>
          candidatesOf(v).some((c) => {
            const t = scalarText(c);
            return t !== undefined && test(t);
          }),
        `matches /${operand}/`
      );
    }
    case 'cidr': {
      const blocks = strings().map((text) => {
        const block = parseCidr(text);
        if (!block) throw doc.error(where, `'${text}' is not a CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)`);
        return block;
      });
      return leaf(
        (v) => candidatesOf(v).some((c) => typeof c === 'string' && blocks.some((b) => ipInCidr(c, b))),
        `in CIDR ${strings().join(', ')}`
      );
    }
    case 'exists': {
      if (typeof operand !== 'boolean') throw doc.error(where, "'exists' takes true or false");
      return leaf((v) => (v !== undefined && v !== null) === operand, operand ? 'exists' : 'does not exist');
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof operand !== 'number') throw doc.error(where, `'${op}' needs a number`);
      const cmp = {
        gt: (a: number) => a > operand,
        gte: (a: number) => a >= operand,
        lt: (a: number) => a < operand,
        lte: (a: number) => a <= operand,
      }[op];
      return leaf(
        (v) =>
          candidatesOf(v).some((c) => {
            const n = toNumber(c);
            return n !== undefined && cmp(n);
          }),
        `${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ${operand}`
      );
    }
  }
};
