/**
 * Objects by key (`namespace/name`) with secondary indexes: each index's
 * keys of an object, kept in step as objects are set and deleted.
 */
export class ObjectIndex<T> {
  readonly #objects = new Map<string, T>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly indexers: Record<string, (obj: T) => string[]> = {},
  ) {
    for (const name of Object.keys(indexers)) {
      this.#indexes.set(name, new Map());
    }
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  values(): IterableIterator<T> {
    return this.#objects.values();
  }

  entries(): IterableIterator<[string, T]> {
    return this.#objects.entries();
  }

  byIndex(index: string, key: string): T[] {
    const keys = this.#indexes.get(index)?.get(key);
    if (!keys) return [];
    return [...keys].map(k => this.#objects.get(k)!).filter(Boolean);
  }

  /** Adds or replaces an object (a replaced one keeps its place in the order). */
  set(key: string, obj: T) {
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.set(key, obj);
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.#indexes.get(name)!;
      for (const k of fn(obj)) {
        if (!index.has(k)) index.set(k, new Set());
        index.get(k)!.add(key);
      }
    }
  }

  delete(key: string) {
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.delete(key);
  }

  #unindex(key: string, obj: T) {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.#indexes.get(name)!;
      for (const k of fn(obj)) {
        index.get(k)?.delete(key);
        if (index.get(k)?.size === 0) index.delete(k);
      }
    }
  }
}
