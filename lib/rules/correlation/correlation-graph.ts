import type { CorrelationMatch, MatchGroup } from '../../model/correlation.js';
import { MatchBook } from './match-book.js';
import type { CorrelationRule } from './types.js';

/** A correlation that references another (a chain): its id, where the other sits in its rules, its `generate`. */
export type Parent = { id: string; index: number; generate: boolean };

/** How correlations reference one another. */
export type CorrelationGraph = {
  /** The correlations that reference this one. */
  parentsOf(id: string): readonly Parent[];
  /** 0 for a correlation over rules only; 1 + the deepest correlation it references otherwise. */
  depth(id: string): number;
  /** Whether the correlation's own alerts are left out: it is referenced, and no referrer sets `generate`. */
  silenced(id: string): boolean;
  /**
   * Whether any correlation references another: without, every correlation is at depth 0, none
   * is silenced and no firing feeds another, so a source's groups fold in one pass.
   */
  readonly chains: boolean;
};

const cache = new WeakMap<ReadonlyMap<string, CorrelationRule>, CorrelationGraph>();

/**
 * The reference graph of a set of correlations (resolved ones never loop).
 * @param correlations - by id
 */
export const correlationGraph = (correlations: ReadonlyMap<string, CorrelationRule>): CorrelationGraph => {
  const cached = cache.get(correlations);
  if (cached) return cached;
  const parents = new Map<string, Parent[]>();
  for (const c of correlations.values())
    for (const [index, ref] of c.rules.entries())
      if (c.correlationRefs?.includes(ref))
        parents.set(ref, [...(parents.get(ref) ?? []), { id: c.id, index, generate: c.generate }]);
  const depths = new Map<string, number>();
  const depth = (id: string): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const c = correlations.get(id);
    const d = c ? Math.max(0, ...(c.correlationRefs ?? []).map((r) => depth(r) + 1)) : 0;
    depths.set(id, d);
    return d;
  };
  const graph: CorrelationGraph = {
    parentsOf: (id) => parents.get(id) ?? [],
    depth,
    silenced: (id) => {
      const list = parents.get(id);
      return list !== undefined && !list.some((p) => p.generate);
    },
    chains: [...correlations.values()].some((c) => (c.correlationRefs?.length ?? 0) > 0),
  };
  cache.set(correlations, graph);
  return graph;
};

/**
 * A source's groups depth by depth, shallowest first, so a chain's upper correlation sees what
 * its lower ones fired in the same source: each step's groups (marked done as they are handed
 * out), and `feed`, which takes the matches that step's firings chain up and adds those of
 * deeper correlations to the groups still to come (a chain only goes up; resolved correlations
 * never loop).
 * @param groups - the source's groups (MatchBook.groups)
 * @param graph - the correlations' graph
 * @example
 * for (const step of depthByDepth(groups, graph)) for (const g of step.groups) step.feed(fold(g).chained);
 */
export function* depthByDepth(
  groups: readonly MatchGroup[],
  graph: CorrelationGraph
): Generator<{ depth: number; groups: MatchGroup[]; feed: (chained: readonly CorrelationMatch[]) => void }> {
  const book = new MatchBook(groups);
  const done = new Set<MatchGroup>();
  for (;;) {
    const next = shallowestGroups(book.groups, graph, done);
    if (next === undefined) return;
    const { depth } = next;
    yield {
      depth,
      groups: next.groups,
      feed: (chained) => {
        for (const m of chained) if (graph.depth(m.correlationId) > depth) book.addMatch(m);
      },
    };
  }
}

/**
 * The groups not yet `done` at the shallowest depth among them, as they stand, now marked done.
 * @param groups - the source's groups, which chained matches may add to
 * @param graph - the correlations' graph
 * @param done - the groups already handed out; the returned ones are added
 * @returns that depth and its groups, or undefined once every group is done
 */
const shallowestGroups = (
  groups: readonly MatchGroup[],
  graph: CorrelationGraph,
  done: Set<MatchGroup>
): { depth: number; groups: MatchGroup[] } | undefined => {
  let depth = Number.POSITIVE_INFINITY;
  for (const g of groups) if (!done.has(g)) depth = Math.min(depth, graph.depth(g.correlationId));
  if (depth === Number.POSITIVE_INFINITY) return undefined;
  const next = groups.filter((g) => !done.has(g) && graph.depth(g.correlationId) === depth);
  for (const g of next) done.add(g);
  return { depth, groups: next };
};
