import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** One import of one file: `from` imports `to` (both root-relative, `/`-separated). */
export type ImportEdge = {
  from: string;
  to: string;
  fromArea: string;
  toArea: string;
  /** The specifier as written, e.g. `../rules/types.js`. */
  specifier: string;
  /** 1-based line of the specifier in `from`. */
  line: number;
};

/** Every .ts file under lib/ and functions/ with its area, and every relative import between files. */
export type ImportGraph = {
  files: readonly { path: string; area: string }[];
  edges: readonly ImportEdge[];
};

/** Area → the other areas it imports, each arrow with one example import. */
export type AreaEdges = Map<string, Map<string, ImportEdge>>;

/** One cycle among lib areas: `areas` is the closed path (first area repeated at the end). */
export type AreaCycle<T> = {
  areas: readonly string[];
  /** Readable form, e.g. `lib/a → lib/b → lib/a`. */
  path: string;
  /** The example behind each arrow of the path, in order. */
  examples: readonly T[];
};

const SOURCE_FOLDERS = ['lib', 'functions'];

const toPosix = (path: string) => path.split(sep).join('/');

/** The area of a root-relative path: `lib/<folder>`, `lib/<name>` for a top-level lib file, `functions`, or the top folder. */
export const areaOf = (path: string): string => {
  const parts = path.split('/');
  const [top, second] = parts;
  if (top === 'lib' && second !== undefined) {
    return parts.length > 2 ? `lib/${second}` : `lib/${second.replace(/\..*$/, '')}`;
  }
  if (top === '..') return '(outside the repository)';
  return top ?? path;
};

/** Lists .ts files under a folder, sorted, skipping dot-entries and node_modules. */
const listTsFiles = (folder: string): string[] => {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...listTsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
};

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** Resolves a relative specifier the way NodeNext sources are written: `.js` names the `.ts` file, a folder its index.ts. */
const resolveSpecifier = (root: string, fromFile: string, specifier: string): string => {
  const target = join(root, dirname(fromFile), specifier);
  const candidates = [
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    target.replace(/\.cjs$/, '.cts'),
    target,
    `${target}.ts`,
  ];
  const file = candidates.find(isFile) ?? (isDirectory(target) ? join(target, 'index.ts') : target);
  return posix.normalize(toPosix(relative(root, file)));
};

const lineAt = (source: string, position: number) => source.slice(0, position).split('\n').length;

/** Reads every import (static, type-only, re-export, dynamic) of every .ts file under `root`'s lib/ and functions/. */
export const readImportGraph = (root: string): ImportGraph => {
  const paths = SOURCE_FOLDERS.flatMap((folder) => listTsFiles(join(root, folder))).map((p) =>
    toPosix(relative(root, p))
  );
  const files = paths.map((path) => ({ path, area: areaOf(path) }));
  const edges: ImportEdge[] = [];
  for (const from of paths) {
    const source = readFileSync(join(root, from), 'utf8');
    const { importedFiles } = ts.preProcessFile(source, true, true);
    for (const { fileName: specifier, pos } of importedFiles) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const to = resolveSpecifier(root, from, specifier);
      edges.push({ from, to, fromArea: areaOf(from), toArea: areaOf(to), specifier, line: lineAt(source, pos) });
    }
  }
  return { files, edges };
};

/** Groups file imports into area arrows (imports inside one area left out), keeping the first import seen per arrow. */
export const areaEdges = (graph: ImportGraph): AreaEdges => {
  const arrows: AreaEdges = new Map();
  for (const edge of graph.edges) {
    if (edge.fromArea === edge.toArea) continue;
    const targets = arrows.get(edge.fromArea) ?? new Map<string, ImportEdge>();
    if (!targets.has(edge.toArea)) targets.set(edge.toArea, edge);
    arrows.set(edge.fromArea, targets);
  }
  return arrows;
};

/** Strongly connected components (Tarjan) of a graph, each as a sorted list of nodes. */
const stronglyConnected = (nodes: readonly string[], next: (node: string) => readonly string[]): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const target of next(node)) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    components.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components;
};

/** The shortest path from `start` back to `start` inside a component (breadth first), as the list of nodes visited. */
const shortestCycle = (start: string, next: (node: string) => readonly string[]): string[] => {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const target of next(node)) {
      if (target === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = parent.get(at)) {
          path.splice(1, 0, at);
        }
        return [...path, start];
      }
      if (!parent.has(target)) {
        parent.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
};

/**
 * Cycles among lib/ areas: for each strongly connected component of more than one area, the
 * shortest cycle through each of its areas (one cycle reported once, whichever area it was found from),
 * sorted by path.
 */
export const findAreaCycles = <T>(edges: ReadonlyMap<string, ReadonlyMap<string, T>>): AreaCycle<T>[] => {
  const isLib = (area: string) => area.startsWith('lib/');
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((t) => [...t.keys()])])]
    .filter(isLib)
    .sort();
  const next = (node: string) => [...(edges.get(node)?.keys() ?? [])].filter(isLib).sort();
  const cycles: AreaCycle<T>[] = [];
  const seen = new Set<string>();
  for (const component of stronglyConnected(nodes, next).filter((c) => c.length > 1)) {
    const inComponent = (node: string) => next(node).filter((target) => component.includes(target));
    for (const start of component) {
      const found = shortestCycle(start, inComponent).slice(1);
      // Rotated to start at its first area in sort order, a cycle reads the same whichever area found it.
      const first = found.indexOf([...found].sort()[0] as string);
      const loop = [...found.slice(first), ...found.slice(0, first)];
      const areas = [...loop, loop[0] as string];
      const key = areas.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const examples = areas.slice(1).map((to, i) => edges.get(areas[i] as string)?.get(to) as T);
      cycles.push({ areas, path: areas.join(' → '), examples });
    }
  }
  return cycles.sort((a, b) => a.path.localeCompare(b.path));
};

/** `lib/a/x.ts:3 → lib/b/y.ts`: one import, for messages. */
export const describeEdge = (edge: ImportEdge): string => `${edge.from}:${edge.line} → ${edge.to}`;
