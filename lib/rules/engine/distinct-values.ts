/**
 * The distinct values one threshold group has counted, each numbered once in the order first
 * seen. A value is handed over as its text's UTF-16 code units (what a string compares), so
 * counting a value read from a record's raw bytes needs no string: the units are hashed, the
 * hash finds the number in an open-addressing table, and the units are compared with the value
 * kept there, so two values share a number exactly when their texts are equal. The values are kept as code units
 * in one growing array, not as strings, so a group of many values holds one buffer and no
 * string per value.
 */
export class DistinctValues {
  /** Open-addressing table: value number + 1 by hash slot (0: empty); its size a power of two. */
  #table = new Int32Array(64);
  /** Each value's hash, by value number. */
  readonly #hashes: number[] = [];
  /** The code units of every value, one after another. */
  #units = new Uint16Array(256);
  /** Where each value's units start; value n ends where n + 1 starts. */
  readonly #starts: number[] = [0];

  /** Numbers of values handed over as strings ({@link DistinctValues.idOfText}). */
  readonly #byText = new Map<string, number>();

  /** How many distinct values were counted. */
  get size(): number {
    return this.#hashes.length;
  }

  /**
   * The number of a value (a new one the first time the value is seen).
   * @param units - the value's code units in `units[0 .. length)`
   * @param length - how many units
   */
  idOf(units: Uint16Array, length: number): number {
    let hash = 0x811c9dc5 ^ length;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ (units[i] as number), 0x01000193);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    const table = this.#table;
    const mask = table.length - 1;
    let slot = hash & mask;
    // Linear probing: another value in the slot moves on to the next.
    for (let taken = table[slot] as number; taken !== 0; taken = table[slot] as number) {
      const id = taken - 1;
      if (this.#hashes[id] === hash && this.#equals(id, units, length)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.#hashes.length;
    const start = this.#starts[id] as number;
    if (start + length > this.#units.length) {
      const grown = new Uint16Array(Math.max(this.#units.length * 2, start + length));
      grown.set(this.#units.subarray(0, start));
      this.#units = grown;
    }
    // Copied unit by unit: a value is short, and a subarray per new value would be an object each.
    const kept = this.#units;
    for (let i = 0; i < length; i++) kept[start + i] = units[i] as number;
    this.#starts.push(start + length);
    this.#hashes.push(hash);
    table[slot] = id + 1;
    // At most half full, so a probe ends soon.
    if (2 * (id + 1) > table.length) this.#grow();
    return id;
  }

  /**
   * The number of a value given as a string: what {@link DistinctValues.idOf} gives its code
   * units, remembered by the string (the reader hands one string for each value of a head field,
   * so a repeat is one lookup of an already hashed string).
   * @param text - the value's text
   * @param scratch - a buffer to write the units into
   */
  idOfText(text: string, scratch: UnitBuffer): number {
    let id = this.#byText.get(text);
    if (id === undefined) {
      scratch.length = 0;
      scratch.pushText(text);
      id = this.idOf(scratch.units, scratch.length);
      this.#byText.set(text, id);
    }
    return id;
  }

  #grow(): void {
    const table = new Int32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.#hashes.length; id++) {
      let slot = (this.#hashes[id] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.#table = table;
  }

  #equals(id: number, units: Uint16Array, length: number): boolean {
    const start = this.#starts[id] as number;
    if ((this.#starts[id + 1] as number) - start !== length) return false;
    const kept = this.#units;
    for (let i = 0; i < length; i++) if (kept[start + i] !== units[i]) return false;
    return true;
  }
}

/**
 * A reusable buffer of code units a counted value is written into before {@link DistinctValues.idOf}
 * (one per thread: counting is synchronous).
 */
export class UnitBuffer {
  units = new Uint16Array(512);
  length = 0;

  /** Makes room for `more` units after the current ones. */
  reserve(more: number): void {
    if (this.length + more <= this.units.length) return;
    const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + more));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }

  /** Appends a string's code units. */
  pushText(text: string): void {
    this.reserve(text.length);
    const units = this.units;
    let n = this.length;
    for (let i = 0; i < text.length; i++) units[n++] = text.charCodeAt(i);
    this.length = n;
  }
}
