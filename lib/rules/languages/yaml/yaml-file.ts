import { isNode, LineCounter, parseAllDocuments } from 'yaml';
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

/**
 * Parses a YAML file into its documents, keeping positions so later errors can name a line.
 * @param file - the file name used in errors
 * @param text - its content
 * @returns one entry per document (`---` separated)
 * @throws RuleLoadError on a YAML syntax error, with its line
 */
export const parseYamlFile = (file: string, text: string): YamlDocument[] => {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    const first = doc.errors[0];
    if (first) {
      const line = first.pos ? lineCounter.linePos(first.pos[0]).line : undefined;
      throw new RuleLoadError(file, line, `invalid YAML: ${first.message.split('\n')[0]}`);
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
      value: doc.toJS({ maxAliasCount: 100 }),
      lineAt,
      error: (path, reason, options) => new RuleLoadError(file, lineAt(path), reason, options),
    };
  });
};
