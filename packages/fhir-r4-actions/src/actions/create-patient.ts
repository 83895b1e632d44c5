import type { Address, ContactPoint, HumanName, Identifier, Patient } from 'fhir/r4.js';
import { z } from 'zod';
import { CERNER_LIMITS, SSN_SYSTEM, V2_0203_SYSTEM } from '../cerner/constants.js';
import { defineAction } from './define-action.js';
import { createResource } from './create-resource.js';
import { cernerText, fhirId } from './schemas.js';

const streetLine = cernerText('Street line');

/**
 * Input schema of a `createPatient` address.
 *
 * @example
 * ```ts
 * patientAddressInput.parse({ line: ['1 Main St'], city: 'Kansas City', state: 'MO', postalCode: '64117' });
 * ```
 */
export const patientAddressInput = z
  .strictObject({
    use: z
      .enum(['home', 'work', 'temp', 'old', 'billing'])
      .optional()
      .describe('Address use (default home; Cerner requires one)'),
    line: z
      .union([
        streetLine,
        z.array(streetLine).min(1, 'must not be empty').max(4, 'at most 4 lines'),
      ])
      .optional()
      .describe('Street line(s)'),
    city: cernerText('City').optional(),
    district: cernerText('District or county').optional(),
    state: cernerText('State').optional(),
    postalCode: cernerText('Postal code', CERNER_LIMITS.postalCode).optional(),
    country: cernerText('Country').optional(),
  })
  .refine(
    (a) =>
      [a.line, a.city, a.district, a.state, a.postalCode, a.country].some((v) => v !== undefined),
    {
      error:
        'give at least one of line, city, district, state, postalCode, country (Cerner ignores an empty address)',
    },
  );

const givenName = cernerText('Given name');

const uri = (description: string): z.ZodString =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters')
    .regex(/^\S+$/, 'must be a URI without spaces')
    .describe(description);

/**
 * Input schema of one extra `createPatient` identifier. Cerner requires `type`, `system` and
 * `value` on every identifier after the first (and refuses `assigner` and `use` there).
 *
 * @example
 * ```ts
 * patientIdentifierInput.parse({ system: 'urn:oid:1.2.3.4', value: 'job-42', type: { code: 'RI' } });
 * ```
 */
export const patientIdentifierInput = z.strictObject({
  system: uri('Identifier system (a URI, e.g. urn:oid:1.2.3.4)'),
  value: cernerText('Identifier value', 256),
  type: z
    .strictObject({
      code: z
        .string()
        .trim()
        .regex(/^[^\s|]{1,64}$/, 'expected a code without spaces, e.g. RI')
        .describe('Type code, e.g. RI (v2-0203 Resource identifier)'),
      system: uri(
        'Type code system (default http://terminology.hl7.org/CodeSystem/v2-0203)',
      ).optional(),
      display: cernerText('Type display text', 255).optional(),
      text: cernerText('Type text', 255).optional(),
    })
    .describe('Identifier type (Cerner requires one on every identifier it did not assign)'),
});

/**
 * Input schema of `createPatient`.
 *
 * @example
 * ```ts
 * createPatientInput.safeParse({ assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' }).success; // true
 * ```
 */
export const createPatientInput = z.strictObject({
  assigningOrganizationId: fhirId(
    'Organization the patient is enrolled in (e.g. 675844); Millennium assigns the MRN',
  ),
  family: cernerText('Family name'),
  given: z
    .union([
      givenName,
      z.array(givenName).min(1, 'must not be empty').max(10, 'at most 10 given names'),
    ])
    .superRefine((g, ctx) => {
      const list = Array.isArray(g) ? g : [g];
      if (
        list.length > CERNER_LIMITS.givenNames &&
        list.slice(1).join(' ').length > CERNER_LIMITS.text
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `Cerner keeps two given names, so the second and later ones are joined; together they exceed ${CERNER_LIMITS.text} characters`,
        });
      }
    })
    .describe(
      'Given name(s): first and middle; Cerner keeps two, further ones are joined into the second',
    ),
  prefix: cernerText('Name prefix (e.g. Dr.)').optional(),
  suffix: cernerText('Name suffix (e.g. Jr.)').optional(),
  birthDate: z.iso
    .date({ error: 'expected YYYY-MM-DD' })
    .optional()
    .describe('Birth date, YYYY-MM-DD'),
  gender: z
    .enum(['male', 'female', 'other', 'unknown'])
    .optional()
    .describe('Administrative gender'),
  email: z
    .email({ error: 'expected an email address' })
    .max(CERNER_LIMITS.text, `Cerner accepts at most ${CERNER_LIMITS.text} characters`)
    .optional()
    .describe('Email (telecom, use home)'),
  phone: z
    .string()
    .trim()
    .max(CERNER_LIMITS.text, `Cerner accepts at most ${CERNER_LIMITS.text} characters`)
    .regex(
      /^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$/i,
      'expected a phone number: digits, spaces, + ( ) . - / and an optional extension',
    )
    .refine((p) => p.replace(/\D/g, '').length >= 3, {
      error: 'expected a phone number with at least 3 digits',
    })
    .optional()
    .describe('Phone number (telecom)'),
  phoneUse: z.enum(['home', 'work', 'mobile']).optional().describe('Phone use (default home)'),
  ssn: z
    .string()
    .trim()
    .regex(/^\d{3}-?\d{2}-?\d{4}$/, 'expected 9 digits, e.g. 123-45-6789')
    .optional()
    .describe('US Social Security number (sent as a us-ssn identifier)'),
  address: patientAddressInput.optional().describe('Postal address'),
  identifiers: z
    .array(patientIdentifierInput)
    .min(1, 'must not be empty')
    .max(10, 'at most 10 identifiers')
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((id, index) => {
        const k = `${id.system}|${id.value}`;
        if (seen.has(k)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'value'],
            message: 'the same system and value as an earlier identifier',
          });
        }
        seen.add(k);
      });
    })
    .optional()
    .describe('Further identifiers (system, value, type), sent after the ones built here'),
});
/**
 * Input of `createPatient`.
 *
 * @example
 * ```ts
 * const input: CreatePatientInput = { assigningOrganizationId: '675844', family: 'Wolf', given: ['Person', 'Name'] };
 * ```
 */
export type CreatePatientInput = z.input<typeof createPatientInput>;

/**
 * The Patient body Cerner accepts on create (fhir.cerner.com, Patient create): the first
 * identifier holds only the assigning Organization (Millennium assigns the MRN); one official
 * name with family and at most two given names (further given names are joined into the second,
 * space-separated); then every other field the caller gave: SSN as a typed `us-ssn` identifier,
 * then the caller's `identifiers` in order (type, system, value: what Cerner requires of them),
 * email and phone as telecoms with system, use and value, birth date, gender, and an address with
 * a use. Nothing given is dropped.
 *
 * @param input - validated `createPatient` input
 * @returns the Patient to POST
 * @example
 * ```ts
 * buildPatient({ assigningOrganizationId: '675844', family: 'Wolf', given: ['Person', 'Name'], birthDate: '1990-09-15' });
 * ```
 */
export function buildPatient(input: z.output<typeof createPatientInput>): Patient {
  const givenList = Array.isArray(input.given) ? input.given : [input.given];
  const given =
    givenList.length > CERNER_LIMITS.givenNames
      ? [givenList[0]!, givenList.slice(1).join(' ')]
      : [...givenList];
  const identifier: Identifier[] = [
    { assigner: { reference: `Organization/${input.assigningOrganizationId}` } },
  ];
  if (input.ssn !== undefined) {
    const digits = input.ssn.replace(/-/g, '');
    identifier.push({
      type: {
        coding: [{ system: V2_0203_SYSTEM, code: 'SS', display: 'Social Security number' }],
        text: 'Social Security Number',
      },
      system: SSN_SYSTEM,
      value: `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`,
    });
  }
  for (const extra of input.identifiers ?? []) {
    const t = extra.type;
    identifier.push({
      type: {
        coding: [
          {
            system: t.system ?? V2_0203_SYSTEM,
            code: t.code,
            ...(t.display !== undefined ? { display: t.display } : {}),
          },
        ],
        ...(t.text !== undefined ? { text: t.text } : {}),
      },
      system: extra.system,
      value: extra.value,
    });
  }
  const name: HumanName = {
    use: 'official',
    family: input.family,
    given,
    ...(input.prefix !== undefined ? { prefix: [input.prefix] } : {}),
    ...(input.suffix !== undefined ? { suffix: [input.suffix] } : {}),
  };
  const telecom: ContactPoint[] = [];
  if (input.phone !== undefined) {
    telecom.push({ system: 'phone', use: input.phoneUse ?? 'home', value: input.phone });
  }
  if (input.email !== undefined) telecom.push({ system: 'email', use: 'home', value: input.email });
  let address: Address | undefined;
  if (input.address !== undefined) {
    const a = input.address;
    address = {
      use: a.use ?? 'home',
      ...(a.line !== undefined ? { line: Array.isArray(a.line) ? [...a.line] : [a.line] } : {}),
      ...(a.city !== undefined ? { city: a.city } : {}),
      ...(a.district !== undefined ? { district: a.district } : {}),
      ...(a.state !== undefined ? { state: a.state } : {}),
      ...(a.postalCode !== undefined ? { postalCode: a.postalCode } : {}),
      ...(a.country !== undefined ? { country: a.country } : {}),
    };
  }
  return {
    resourceType: 'Patient',
    identifier,
    name: [name],
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(input.gender !== undefined ? { gender: input.gender } : {}),
    ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
    ...(address !== undefined ? { address: [address] } : {}),
  };
}

/**
 * createPatient: `POST Patient` with {@link buildPatient}'s body; `{ id }` from `Location`.
 * Fails with `unprocessable` when Cerner refuses a rule; `mayHaveSucceeded` on failures where
 * the create may have happened.
 *
 * @example
 * ```ts
 * await actions.createPatient.run(client, { assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' });
 * ```
 */
export const createPatientAction = defineAction({
  key: 'createPatient',
  title: 'Create patient',
  description:
    'Creates a Patient under Cerner’s rules (POST Patient): the first identifier names the assigning Organization and Millennium assigns the MRN. Every given field is sent. Returns { id } from Location.',
  requiredScopes: ['system/Patient.write'],
  requiredScopesV2: ['system/Patient.c'],
  input: createPatientInput,
  run: (ctx, input) => createResource(ctx.http, buildPatient(input), ctx.signal),
});
