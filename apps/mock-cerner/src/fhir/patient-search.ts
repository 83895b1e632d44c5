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

/** A `birthdate` search value Cerner takes: an optional `eq|ge|gt|le|lt` prefix and a date, no time. */
export const BIRTHDATE_FILTER = /^(eq|ge|gt|le|lt)?(\d{4}(-\d{2}(-\d{2})?)?)$/;

/**
 * Why a request's `birthdate` values are not what Cerner takes, or undefined when they are: each
 * is {@link BIRTHDATE_FILTER}; two are a lower bound (`ge`/`gt`) and an upper bound (`le`/`lt`).
 *
 * @param values - every `birthdate` value of the request
 * @returns the problem, for a 400, or undefined
 * @example
 * ```ts
 * birthdateProblem(['ge1970', 'lt1980']); // undefined
 * birthdateProblem(['1970-13']); // 'birthdate: …'
 * ```
 */
export function birthdateProblem(values: string[]): string | undefined {
  if (values.length > 2) return 'birthdate may be given at most twice';
  const prefixes: string[] = [];
  for (const v of values) {
    const m = BIRTHDATE_FILTER.exec(v);
    const [month = 1, day = 1] = (m?.[2] ?? '').split('-').slice(1).map(Number);
    if (!m || month < 1 || month > 12 || day < 1 || day > 31) {
      return 'birthdate must be a date (YYYY, YYYY-MM or YYYY-MM-DD, no time) with an optional eq, ge, gt, le or lt prefix';
    }
    prefixes.push(m[1] ?? 'eq');
  }
  if (values.length === 2) {
    const lower = prefixes.filter((p) => p === 'ge' || p === 'gt').length;
    const upper = prefixes.filter((p) => p === 'le' || p === 'lt').length;
    if (lower !== 1 || upper !== 1) {
      return 'birthdate given twice must be one lower bound (ge or gt) and one upper bound (le or lt)';
    }
  }
  return undefined;
}

function dateMatches(birthDate: string | undefined, filter: string): boolean {
  const m = BIRTHDATE_FILTER.exec(filter);
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
