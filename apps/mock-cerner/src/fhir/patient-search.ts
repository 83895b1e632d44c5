import type { Patient } from 'fhir/r4.js';

/** Cerner: each of these may appear once, with one value (no commas, no repeats). */
export const SINGLE_VALUE_PARAMS = [
  'identifier',
  'name',
  'family',
  'given',
  'phone',
  'email',
  'address-postalcode',
  'gender',
] as const;

const lower = (s: string | undefined): string => (s ?? '').toLowerCase();
const digits = (s: string | undefined): string => (s ?? '').replace(/\D/g, '');

function nameMatches(
  p: Patient,
  param: 'name' | 'family' | 'given',
  value: string,
  exact: boolean,
): boolean {
  const v = exact ? value : value.toLowerCase();
  return (p.name ?? []).some((n) => {
    if (n.period?.end) return false; // current names only
    const parts =
      param === 'family'
        ? [n.family]
        : param === 'given'
          ? (n.given ?? [])
          : [n.family, ...(n.given ?? []), n.text];
    return parts.some((s) => s !== undefined && (exact ? s === v : s.toLowerCase().startsWith(v)));
  });
}

function dateMatches(birthDate: string | undefined, filter: string): boolean {
  const m = /^(eq|ge|gt|le|lt)?(\d{4}(-\d{2}(-\d{2})?)?)$/.exec(filter);
  if (!m || !birthDate) return false;
  const [, prefix = 'eq', value] = m;
  const d = birthDate.slice(0, value!.length);
  switch (prefix) {
    case 'ge':
      return d >= value!;
    case 'gt':
      return d > value!;
    case 'le':
      return d <= value!;
    case 'lt':
      return d < value!;
    default:
      return d === value;
  }
}

/**
 * Whether a patient matches the non-index Patient search parameters: `name`, `family`, `given`
 * (starts-with, case-insensitive; `:exact` exact; current names only), `birthdate` (`eq|ge|gt|le|lt`
 * prefixes, up to twice), `phone` (digits), `email` (case-insensitive), `address-postalcode`
 * (starts-with) and `gender`. `identifier` and `_id` are resolved through the store's index first.
 *
 * @param p - a stored patient
 * @param params - the request's query
 * @returns true when every given filter matches
 * @example
 * ```ts
 * patientMatches(patient, new URLSearchParams('family=smart&birthdate=ge1970'));
 * ```
 */
export function patientMatches(p: Patient, params: URLSearchParams): boolean {
  for (const k of ['name', 'family', 'given'] as const) {
    for (const [key, exact] of [
      [k, false],
      [`${k}:exact`, true],
    ] as const) {
      const v = params.get(key);
      if (v !== null && !nameMatches(p, k, v, exact)) return false;
    }
  }
  for (const b of params.getAll('birthdate')) if (!dateMatches(p.birthDate, b)) return false;
  const phone = params.get('phone');
  if (
    phone !== null &&
    !(p.telecom ?? []).some(
      (t) => t.system === 'phone' && digits(t.value) !== '' && digits(t.value) === digits(phone),
    )
  ) {
    return false;
  }
  const email = params.get('email');
  if (
    email !== null &&
    !(p.telecom ?? []).some((t) => t.system === 'email' && lower(t.value) === lower(email))
  ) {
    return false;
  }
  const postal = params.get('address-postalcode');
  if (
    postal !== null &&
    !(p.address ?? []).some((a) => lower(a.postalCode).startsWith(lower(postal)))
  ) {
    return false;
  }
  const gender = params.get('gender');
  if (gender !== null && p.gender !== gender) return false;
  return true;
}
