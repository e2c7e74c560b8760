import type { RememberedSources } from './memory-store.js';

/**
 * The sources folded into each incident or correlation state of a memory store, by id: every one
 * (`all`), or only the latest (`latest`: the source's text itself, so a write makes no set and
 * clears none).
 */
export class FoldedSources {
  readonly #byId = new Map<string, Set<string> | string>();
  readonly #remember: RememberedSources;

  /**
   * @param lists - the sources of each id, as a state file keeps them
   * @param remember - which sources are kept ({@link RememberedSources})
   */
  constructor(lists: Record<string, string[]>, remember: RememberedSources) {
    for (const [id, list] of Object.entries(lists)) this.#byId.set(id, new Set(list));
    this.#remember = remember;
  }

  /** Whether `source` was folded into `id`. */
  has(id: string, source: string): boolean {
    const folded = this.#byId.get(id);
    return folded === source || (typeof folded === 'object' && folded.has(source));
  }

  /** Notes `source` as folded into `id` (with `latest`, instead of those before). */
  add(id: string, source: string): void {
    if (this.#remember === 'latest') {
      this.#byId.set(id, source);
      return;
    }
    const folded = this.#byId.get(id);
    if (typeof folded === 'object') folded.add(source);
    else this.#byId.set(id, new Set(folded === undefined ? [source] : [folded, source]));
  }

  /** Forgets the sources of `id`. */
  delete(id: string): void {
    this.#byId.delete(id);
  }

  /** The sources of `id`, in the order they were folded in. */
  list(id: string): string[] {
    const folded = this.#byId.get(id);
    return folded === undefined ? [] : typeof folded === 'string' ? [folded] : [...folded];
  }

  /** Every id with sources. */
  ids(): IterableIterator<string> {
    return this.#byId.keys();
  }
}
