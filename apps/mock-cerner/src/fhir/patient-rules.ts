import { isDateTimeWithZone, isObject, Violations, type RuleViolation } from './rule-violation.js';

const MAX = 100;
/** The only extension Cerner accepts on a phone `telecom` entry. */
export const CONTACTPOINT_EXTENSION =
  'http://hl7.org/fhir/StructureDefinition/contactpoint-extension';

/**
 * Cerner's Patient create rules (fhir.cerner.com patient.md / patient.yaml, cerner-fhir.md §C.1).
 * Returns every violation, each naming the field. Fields Cerner does not list are ignored (per
 * patient.md), except `modifierExtension`, `implicitRules` and `contained`, which are always refused.
 *
 * @param body - the parsed JSON body
 * @returns the violations, empty when the body is acceptable
 * @example
 * ```ts
 * checkPatientCreate({ resourceType: 'Patient' }); // [{ path: 'identifier', … }, { path: 'name', … }]
 * ```
 */
export function checkPatientCreate(body: Record<string, unknown>): RuleViolation[] {
  const v = new Violations();
  if (body.resourceType !== 'Patient') v.add('resourceType', 'must be Patient');
  if ('modifierExtension' in body) v.add('modifierExtension', 'modifierExtension is not supported');
  if ('implicitRules' in body) v.add('implicitRules', 'implicitRules is not supported');
  // Cerner's create takes no contained resources; refusing them beats storing what Cerner would not.
  if ('contained' in body) v.add('contained', 'contained resources are not supported');
  if ('id' in body) v.add('id', 'id must not be sent on create');

  const ids = body.identifier;
  if (!Array.isArray(ids) || ids.length === 0) {
    v.add(
      'identifier',
      'at least one identifier is required; the first holds only the assigning organization',
    );
  } else {
    const first: unknown = ids[0];
    const keys = isObject(first) ? Object.keys(first) : [];
    const ref = isObject(first) && isObject(first.assigner) ? first.assigner.reference : undefined;
    if (
      keys.length !== 1 ||
      keys[0] !== 'assigner' ||
      typeof ref !== 'string' ||
      !/^Organization\/[\w.-]+$/.test(ref)
    ) {
      v.add(
        'identifier[0]',
        'must contain only assigner: { reference: "Organization/<id>" } (Millennium assigns the MRN)',
      );
    }
    ids.slice(1).forEach((id: unknown, i) => {
      const p = `identifier[${i + 1}]`;
      if (!isObject(id)) return v.add(p, 'must be an object');
      if ('assigner' in id || 'use' in id) v.add(p, 'must not have assigner or use');
      if (!isObject(id.type) || typeof id.system !== 'string' || typeof id.value !== 'string') {
        v.add(p, 'needs type, system and value');
      }
      if (
        isObject(id.period) &&
        ![id.period.start, id.period.end].every((d) => d === undefined || isDateTimeWithZone(d))
      ) {
        v.add(`${p}.period`, 'dates need a time and a timezone');
      }
    });
  }

  const names = body.name;
  if (!Array.isArray(names) || names.length === 0) {
    v.add('name', 'at least one name is required');
  } else {
    let official = false;
    names.forEach((n: unknown, i) => {
      const p = `name[${i}]`;
      if (!isObject(n)) return v.add(p, 'must be an object');
      if (typeof n.use !== 'string') v.add(`${p}.use`, 'is required');
      if ('text' in n) v.add(`${p}.text`, 'must not be sent');
      const given = n.given;
      if (
        given !== undefined &&
        (!Array.isArray(given) ||
          given.length > 2 ||
          !given.every((g) => typeof g === 'string' && g.length <= MAX))
      ) {
        v.add(`${p}.given`, 'at most 2 given names of up to 100 characters');
      }
      if (n.family !== undefined && (typeof n.family !== 'string' || n.family.length > MAX)) {
        v.add(`${p}.family`, 'up to 100 characters');
      }
      if (n.family === undefined && given === undefined) v.add(p, 'needs given or family');
      if (
        isObject(n.period) &&
        ![n.period.start, n.period.end].every((d) => d === undefined || isDateTimeWithZone(d))
      ) {
        v.add(`${p}.period`, 'dates need a time and a timezone');
      }
      for (const k of ['prefix', 'suffix'] as const) {
        const a = n[k];
        if (
          a !== undefined &&
          (!Array.isArray(a) ||
            a.length > 1 ||
            !a.every((x) => typeof x === 'string' && x.length <= MAX))
        ) {
          v.add(`${p}.${k}`, 'at most one, up to 100 characters');
        }
      }
      if (
        n.use === 'official' &&
        typeof n.family === 'string' &&
        Array.isArray(given) &&
        given.length > 0 &&
        !(isObject(n.period) && n.period.end)
      ) {
        official = true;
      }
    });
    if (!official) {
      v.add(
        'name',
        'one name with use "official", a family and a given name, and no period.end is required',
      );
    }
  }

  if ('active' in body && body.active !== true) v.add('active', 'if sent, must be true');
  if (
    body.gender !== undefined &&
    !['male', 'female', 'other', 'unknown'].includes(body.gender as string)
  ) {
    v.add('gender', 'must be male, female, other or unknown');
  }
  if (
    body.birthDate !== undefined &&
    (typeof body.birthDate !== 'string' || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(body.birthDate))
  ) {
    v.add('birthDate', 'must be a date (YYYY-MM-DD)');
  }

  if (body.telecom !== undefined) {
    if (!Array.isArray(body.telecom)) v.add('telecom', 'must be a list');
    else {
      body.telecom.forEach((t: unknown, i) => {
        const p = `telecom[${i}]`;
        if (
          !isObject(t) ||
          typeof t.system !== 'string' ||
          typeof t.use !== 'string' ||
          typeof t.value !== 'string'
        ) {
          return v.add(p, 'needs system, use and value');
        }
        if (t.value.length > MAX) v.add(`${p}.value`, 'up to 100 characters');
        if (t.extension !== undefined) {
          const ok =
            t.system === 'phone' &&
            Array.isArray(t.extension) &&
            t.extension.every(
              (e: unknown) =>
                isObject(e) &&
                e.url === CONTACTPOINT_EXTENSION &&
                (e.valueString === undefined ||
                  (typeof e.valueString === 'string' && e.valueString.length <= MAX)),
            );
          if (!ok) {
            v.add(`${p}.extension`, `only for phone numbers, with url ${CONTACTPOINT_EXTENSION}`);
          }
        }
      });
    }
  }
  if (body.address !== undefined) {
    if (!Array.isArray(body.address)) v.add('address', 'must be a list');
    else {
      body.address.forEach((a: unknown, i) => {
        const p = `address[${i}]`;
        if (!isObject(a)) return v.add(p, 'must be an object');
        if (typeof a.use !== 'string') v.add(`${p}.use`, 'is required');
        if ('text' in a) v.add(`${p}.text`, 'must not be sent');
        if (Array.isArray(a.line) && a.line.some((l) => typeof l !== 'string' || l.length > MAX)) {
          v.add(`${p}.line`, 'up to 100 characters each');
        }
        for (const k of ['city', 'district', 'state', 'country'] as const) {
          if (typeof a[k] === 'string' && a[k].length > MAX) {
            v.add(`${p}.${k}`, 'up to 100 characters');
          }
        }
        if (typeof a.postalCode === 'string' && a.postalCode.length > 25) {
          v.add(`${p}.postalCode`, 'up to 25 characters');
        }
      });
    }
  }
  if (Array.isArray(body.communication) && body.communication.length > 1) {
    v.add('communication', 'at most one');
  }
  if (
    Array.isArray(body.generalPractitioner) &&
    body.generalPractitioner.some(
      (g: unknown) =>
        !isObject(g) || typeof g.reference !== 'string' || !g.reference.startsWith('Practitioner/'),
    )
  ) {
    v.add('generalPractitioner', 'Practitioner references only');
  }
  return v.list;
}
