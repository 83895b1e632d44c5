import type { Resource } from 'fhir/r4.js';

/**
 * A frozen copy of a {@link ResourceRepository}'s contents: type -> id -> resource, in creation
 * order. The resources themselves are shared with the live repository (they are frozen, never
 * mutated in place), so taking and restoring one copies only the maps.
 */
export type RepositoryImage = ReadonlyMap<string, ReadonlyMap<string, Resource>>;

/**
 * Freezes a value and everything reachable from it (objects and arrays), stopping at values that
 * are already frozen (shared sub-objects are frozen once).
 *
 * @param value - any JSON-like value
 * @returns the same value, frozen
 * @example
 * ```ts
 * const p = deepFreeze({ resourceType: 'Patient', name: [{ family: 'X' }] });
 * Object.isFrozen(p.name[0]); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/**
 * The store's repository: resources by type and id, each type in creation (insertion) order. Every
 * stored resource is frozen (deeply): a change is a new object stored with `put`, never an edit in
 * place, which is what lets snapshots share resources with the live store (copy-on-write).
 *
 * @example
 * ```ts
 * const repo = new ResourceRepository();
 * repo.put({ resourceType: 'Patient', id: '1' });
 * repo.get('Patient', '1'); // { resourceType: 'Patient', id: '1' } (frozen)
 * ```
 */
export class ResourceRepository {
  #byType = new Map<string, Map<string, Resource>>();

  /**
   * One resource by type and id.
   *
   * @param type - e.g. `Patient`
   * @param id - the logical id
   * @returns the stored (frozen) resource, or undefined
   */
  get(type: string, id: string): Resource | undefined {
    return this.#byType.get(type)?.get(id);
  }

  /**
   * Stores a resource (freezing it), replacing any with the same type and id.
   *
   * @param resource - a resource with an id
   * @returns the resource it replaced, or undefined
   */
  put(resource: Resource & { id: string }): Resource | undefined {
    let m = this.#byType.get(resource.resourceType);
    if (!m) {
      m = new Map();
      this.#byType.set(resource.resourceType, m);
    }
    const previous = m.get(resource.id);
    m.set(resource.id, deepFreeze(resource));
    return previous;
  }

  /**
   * Removes a resource.
   *
   * @param type - the resource type
   * @param id - the logical id
   * @returns the removed resource, or undefined
   */
  remove(type: string, id: string): Resource | undefined {
    const m = this.#byType.get(type);
    const r = m?.get(id);
    if (r) m!.delete(id);
    return r;
  }

  /**
   * Every stored resource of a type, lazily, in creation order.
   *
   * @param type - the resource type
   * @returns an iterator
   */
  values(type: string): IterableIterator<Resource> {
    return (this.#byType.get(type) ?? new Map<string, Resource>()).values();
  }

  /**
   * How many resources of each type are stored (types with none left out).
   *
   * @returns type -> count
   */
  counts(): Record<string, number> {
    return Object.fromEntries(
      [...this.#byType].filter(([, m]) => m.size > 0).map(([t, m]) => [t, m.size]),
    );
  }

  /** Forgets every resource. */
  clear(): void {
    this.#byType = new Map();
  }

  /**
   * A copy of the maps (resources shared, they are frozen).
   *
   * @returns the image
   */
  image(): RepositoryImage {
    return new Map([...this.#byType].map(([t, m]) => [t, new Map(m)]));
  }

  /**
   * Replaces the contents with a copy of an image.
   *
   * @param image - from {@link ResourceRepository.image}
   */
  load(image: RepositoryImage): void {
    this.#byType = new Map([...image].map(([t, m]) => [t, new Map(m)]));
  }
}
