import { type Document, isNode, LineCounter, parseAllDocuments, visit } from 'yaml';
import { MAX_YAML_ALIAS_COUNT } from '../../constants.js';
import { RuleLoadError } from '../../errors.js';

/** A key path inside a YAML document. */
export type YamlPath = readonly (string | number)[];

/** One YAML document with what is needed to point at a line. */
export type YamlDocument = {
  file: string;
  /** The document as plain JavaScript values. */
  value: unknown;
  /** The line (1-based) of the node at `path`, or of its closest ancestor that exists. */
  lineAt: (path: YamlPath) => number | undefined;
  /** Builds a RuleLoadError pointing at `path`. */
  error: (path: YamlPath, reason: string, options?: ErrorOptions) => RuleLoadError;
};

/** The alias a failed conversion is about: the first one that names no anchor, else the first one. */
const aliasLine = (doc: Document, lineCounter: LineCounter, unresolved: boolean): number | undefined => {
  let line: number | undefined;
  visit(doc, {
    Alias: (_key, node) => {
      if (unresolved && node.resolve(doc) !== undefined) return undefined;
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
};

/** The document as plain values, or a RuleLoadError naming the alias that stopped the conversion. */
const plainValue = (file: string, doc: Document, lineCounter: LineCounter): unknown => {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unresolved = message.startsWith('Unresolved alias');
    const line =
      aliasLine(doc, lineCounter, unresolved) ??
      (doc.contents?.range ? lineCounter.linePos(doc.contents.range[0]).line : undefined);
    const reason = message.startsWith('Excessive alias count')
      ? `YAML aliases expand beyond ${MAX_YAML_ALIAS_COUNT} nodes (a "billion laughs" document); rule files need no aliases`
      : `invalid YAML: ${message}`;
    throw new RuleLoadError(file, line, reason, { cause: error });
  }
};

/**
 * Parses a YAML file into its documents, keeping positions so later errors can name a line.
 * Aliases are expanded at most MAX_YAML_ALIAS_COUNT times in all, so an alias bomb is an error,
 * never a hang or an out-of-memory crash.
 * @param file - the file name used in errors
 * @param text - its content
 * @returns one entry per document (`---` separated)
 * @throws RuleLoadError on a YAML syntax error (nesting too deep included), an alias that names
 *   no anchor, or aliases that expand too far, with its line
 */
export const parseYamlFile = (file: string, text: string): YamlDocument[] => {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    const first = doc.errors[0];
    if (first) {
      const line = first.pos ? lineCounter.linePos(first.pos[0]).line : undefined;
      const message = first.message.split('\n')[0] ?? '';
      throw new RuleLoadError(
        file,
        line,
        message.startsWith('Maximum call stack')
          ? 'invalid YAML: nested too deeply to read'
          : `invalid YAML: ${message}`
      );
    }
    const lineAt = (path: YamlPath): number | undefined => {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    };
    return {
      file,
      value: plainValue(file, doc, lineCounter),
      lineAt,
      error: (path, reason, options) => new RuleLoadError(file, lineAt(path), reason, options),
    };
  });
};
