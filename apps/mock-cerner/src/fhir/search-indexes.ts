import type { DocumentReference, Encounter, Patient, Resource } from 'fhir/r4.js';
import { MultiIndex, SortedIndex } from './indexes.js';
import { refId } from './ref-id.js';

/**
 * The store's search indexes, kept in step with the repository by `add` / `remove`. Every lookup is
 * a Map access, so `Patient?identifier=` stays flat with a million patients:
 * - identifier `system|value` and `value` alone -> patient ids;
 * - patient -> encounters, oldest `period.start` first (Cerner's order across pages);
 * - patient -> document references, in creation order.
 *
 * @example
 * ```ts
 * const ix = new SearchIndexes();
 * ix.add({ resourceType: 'Patient', id: '1', identifier: [{ system: 's', value: '42' }] });
 * ix.patientsByIdentifier('s', '42'); // ['1']
 * ```
 */
export class SearchIndexes {
  #identifier: MultiIndex;
  #encountersByPatient: SortedIndex;
  #docsByPatient: MultiIndex;

  /**
   * @param from - indexes to copy (default: empty)
   */
  constructor(from?: SearchIndexes) {
    this.#identifier = from ? from.#identifier.clone() : new MultiIndex();
    this.#encountersByPatient = from ? from.#encountersByPatient.clone() : new SortedIndex();
    this.#docsByPatient = from ? from.#docsByPatient.clone() : new MultiIndex();
  }

  /**
   * Indexes a stored resource (its id is required).
   *
   * @param r - the resource as stored
   */
  add(r: Resource): void {
    const id = r.id!;
    if (r.resourceType === 'Patient') {
      for (const i of (r as Patient).identifier ?? []) {
        if (typeof i.value !== 'string') continue;
        this.#identifier.add(`${i.system ?? ''}|${i.value}`, id);
        this.#identifier.add(`\u0000${i.value}`, id);
      }
    } else if (r.resourceType === 'Encounter') {
      const pid = refId((r as Encounter).subject?.reference, 'Patient');
      if (pid) {
        this.#encountersByPatient.add(pid, { id, sortKey: (r as Encounter).period?.start ?? '' });
      }
    } else if (r.resourceType === 'DocumentReference') {
      const pid = refId((r as DocumentReference).subject?.reference, 'Patient');
      if (pid) this.#docsByPatient.add(pid, id);
    }
  }

  /**
   * Removes a resource's entries (the resource as it was indexed).
   *
   * @param r - the resource being replaced or removed
   */
  remove(r: Resource): void {
    const id = r.id!;
    if (r.resourceType === 'Patient') {
      for (const i of (r as Patient).identifier ?? []) {
        if (typeof i.value !== 'string') continue;
        this.#identifier.remove(`${i.system ?? ''}|${i.value}`, id);
        this.#identifier.remove(`\u0000${i.value}`, id);
      }
    } else if (r.resourceType === 'Encounter') {
      const pid = refId((r as Encounter).subject?.reference, 'Patient');
      if (pid) this.#encountersByPatient.remove(pid, id);
    } else if (r.resourceType === 'DocumentReference') {
      const pid = refId((r as DocumentReference).subject?.reference, 'Patient');
      if (pid) this.#docsByPatient.remove(pid, id);
    }
  }

  /**
   * Patient ids with this identifier. `system` undefined searches every system; `''` matches
   * identifiers without a system.
   *
   * @param system - the identifier system, or undefined for any
   * @param value - the identifier value
   * @returns patient ids, in load order
   */
  patientsByIdentifier(system: string | undefined, value: string): string[] {
    return this.#identifier.get(system === undefined ? `\u0000${value}` : `${system}|${value}`);
  }

  /**
   * Whether any patient has this identifier.
   *
   * @param system - the identifier system
   * @param value - the identifier value
   * @returns true when one does
   */
  hasIdentifier(system: string, value: string): boolean {
    return this.#identifier.has(`${system}|${value}`);
  }

  /**
   * Encounter ids of a patient, oldest `period.start` first.
   *
   * @param patientId - the patient's id
   * @returns encounter ids
   */
  encounterIds(patientId: string): string[] {
    return this.#encountersByPatient.ids(patientId);
  }

  /**
   * DocumentReference ids of a patient, in creation order.
   *
   * @param patientId - the patient's id
   * @returns document ids
   */
  documentIds(patientId: string): string[] {
    return this.#docsByPatient.get(patientId);
  }

  /** Drops every entry. */
  clear(): void {
    this.#identifier = new MultiIndex();
    this.#encountersByPatient = new SortedIndex();
    this.#docsByPatient = new MultiIndex();
  }
}
