/**
 * The FHIR R4 types of `@types/fhir` (`fhir/r4.js`) that the actions take and return, re-exported
 * so a consumer needs no extra dependency or import path:
 * `import type { Patient } from '@cerner-kit/fhir-r4-actions'`. Every other R4 type is under the
 * `R4` namespace (`R4.Binary`).
 *
 * @example
 * ```ts
 * import type { Encounter, Patient, R4 } from '@cerner-kit/fhir-r4-actions';
 * const patient: Patient = await client.getPatient({ patientId: '12724066' });
 * const binary: R4.Binary | undefined = undefined;
 * ```
 */
export type {
  Address,
  Appointment,
  Attachment,
  Bundle,
  BundleEntry,
  BundleLink,
  CodeableConcept,
  Coding,
  ContactPoint,
  DocumentReference,
  Encounter,
  FhirResource,
  HumanName,
  Identifier,
  OperationOutcome,
  OperationOutcomeIssue,
  Organization,
  Patient,
  Period,
  Practitioner,
  Reference,
  Resource,
} from 'fhir/r4.js';
export type * as R4 from 'fhir/r4.js';
