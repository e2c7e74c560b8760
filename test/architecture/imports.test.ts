import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_IMPORTS,
  CLI_AREA,
  LIB_AREAS,
  OUTSIDE_LIB,
  PURE_AREAS,
  readMarkedTable,
  renderAllowedImportsTable,
} from './allowed-imports.js';
import { areaEdges, describeEdge, findAreaCycles, type ImportEdge, readImportGraph } from './import-graph.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const isLib = (area: string) => area.startsWith('lib/');
const arrow = (edge: ImportEdge) => `${edge.fromArea} → ${edge.toArea} (e.g. ${describeEdge(edge)})`;

describe('import graph on planted fixtures', () => {
  it('reads type-only, multi-line, re-export, dynamic and folder imports, and maps files to areas', () => {
    // Act
    const graph = readImportGraph(join(FIXTURES, 'cycle'));
    // Assess
    expect(graph.files).toEqual([
      { path: 'lib/a/index.ts', area: 'lib/a' },
      { path: 'lib/a/x.ts', area: 'lib/a' },
      { path: 'lib/b/y.ts', area: 'lib/b' },
      { path: 'lib/c/z.ts', area: 'lib/c' },
      { path: 'lib/top.ts', area: 'lib/top' },
      { path: 'functions/handler.ts', area: 'functions' },
    ]);
    expect(graph.edges.map((e) => `${e.from}:${e.line} → ${e.to} [${e.fromArea} → ${e.toArea}]`)).toEqual([
      'lib/a/index.ts:1 → lib/a/x.ts [lib/a → lib/a]',
      'lib/a/x.ts:5 → lib/b/y.ts [lib/a → lib/b]',
      'lib/b/y.ts:4 → lib/c/z.ts [lib/b → lib/c]',
      'lib/c/z.ts:3 → lib/a/x.ts [lib/c → lib/a]',
      'functions/handler.ts:2 → lib/a/index.ts [functions → lib/a]',
      'functions/handler.ts:3 → lib/top.ts [functions → lib/top]',
    ]);
  });

  it('finds exactly the planted cycle lib/a → lib/b → lib/c → lib/a, with the import behind each arrow', () => {
    // Act
    const cycles = findAreaCycles(areaEdges(readImportGraph(join(FIXTURES, 'cycle'))));
    // Assess
    expect(cycles.map((c) => c.path)).toEqual(['lib/a → lib/b → lib/c → lib/a']);
    expect(cycles[0]?.examples.map(describeEdge)).toEqual([
      'lib/a/x.ts:5 → lib/b/y.ts',
      'lib/b/y.ts:4 → lib/c/z.ts',
      'lib/c/z.ts:3 → lib/a/x.ts',
    ]);
  });

  it('finds no cycle once the back edge is gone', () => {
    // Act
    const cycles = findAreaCycles(areaEdges(readImportGraph(join(FIXTURES, 'no-cycle'))));
    // Assess
    expect(cycles).toEqual([]);
  });

  it('reports each loop of a component that holds two, each once', () => {
    // Prepare: lib/a ⇄ lib/b and lib/b ⇄ lib/c share lib/b; functions → lib/a is no lib cycle
    const edges = new Map([
      ['lib/a', new Map([['lib/b', 'a→b']])],
      [
        'lib/b',
        new Map([
          ['lib/a', 'b→a'],
          ['lib/c', 'b→c'],
        ]),
      ],
      ['lib/c', new Map([['lib/b', 'c→b']])],
      ['functions', new Map([['lib/a', 'f→a']])],
    ]);
    // Act
    const cycles = findAreaCycles(edges);
    // Assess
    expect(cycles.map((c) => [c.path, c.examples])).toEqual([
      ['lib/a → lib/b → lib/a', ['a→b', 'b→a']],
      ['lib/b → lib/c → lib/b', ['b→c', 'c→b']],
    ]);
  });
});

describe('the allowed-imports table', () => {
  it('lists every lib area and functions, and allows only areas it lists', () => {
    // Act
    const unknown = Object.entries(ALLOWED_IMPORTS).flatMap(([area, allowed]) =>
      allowed.filter((target) => !(target in ALLOWED_IMPORTS)).map((target) => `${area} → ${target}`)
    );
    // Assess
    expect(Object.keys(ALLOWED_IMPORTS)).toEqual([...LIB_AREAS, 'functions']);
    expect(unknown).toEqual([]);
  });

  it('allows no cycle, no pure area reaching lib/aws, and no area reaching lib/cli', () => {
    // Prepare
    const allowed = new Map(
      Object.entries(ALLOWED_IMPORTS).map(([area, targets]) => [area, new Map(targets.map((t) => [t, true]))])
    );
    // Act
    const cycles = findAreaCycles(allowed).map((c) => c.path);
    const pureToAws = PURE_AREAS.filter((area) => ALLOWED_IMPORTS[area]?.includes('lib/aws'));
    const toCli = Object.keys(ALLOWED_IMPORTS).filter((area) => ALLOWED_IMPORTS[area]?.includes(CLI_AREA));
    // Assess
    expect({ cycles, pureToAws, toCli }).toEqual({ cycles: [], pureToAws: [], toCli: [] });
  });

  it('is rendered into docs/architecture.md between its markers', () => {
    // Act
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    // Assess
    expect(
      readMarkedTable(doc),
      'docs/architecture.md is out of date: run `node --import tsx scripts/render-architecture-table.ts`'
    ).toBe(renderAllowedImportsTable());
  });
});

describe('imports of lib/ and functions/', () => {
  const graph = readImportGraph(ROOT);
  const arrows = areaEdges(graph);

  it('form no cycle among lib areas', () => {
    // Act
    const cycles = findAreaCycles(arrows).map((c) => `${c.path}: ${c.examples.map(describeEdge).join(', ')}`);
    // Assess
    expect(cycles).toEqual([]);
  });

  it('follow the allowed-imports table', () => {
    // Act
    const forbidden = [...arrows.values()]
      .flatMap((targets) => [...targets.values()])
      .filter((edge) => !ALLOWED_IMPORTS[edge.fromArea]?.includes(edge.toArea))
      .map(arrow);
    // Assess
    expect(forbidden, 'each forbidden arrow with one import behind it').toEqual([]);
  });

  it('come only from areas the table lists', () => {
    // Act
    const missing = [...new Set(graph.files.map((f) => f.area))].filter((area) => !(area in ALLOWED_IMPORTS));
    // Assess
    expect(missing, 'a new area needs a row in test/architecture/allowed-imports.ts').toEqual([]);
  });

  it('never reach functions/, bin/, scripts/, bench/, test/ or tools/ from lib/', () => {
    // Act
    const outward = graph.edges
      .filter((e) => isLib(e.fromArea) && (OUTSIDE_LIB.includes(e.toArea) || e.to.startsWith('../')))
      .map(arrow);
    // Assess
    expect(outward).toEqual([]);
  });

  it('reach lib/cli only from lib/cli', () => {
    // Act
    const intoCli = graph.edges.filter((e) => e.toArea === CLI_AREA && e.fromArea !== CLI_AREA).map(arrow);
    // Assess
    expect(intoCli).toEqual([]);
  });
});
