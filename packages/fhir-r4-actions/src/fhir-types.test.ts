import { describe, expectTypeOf, it } from 'vitest';
import type {
  ActionResult,
  Appointment,
  DocumentReference,
  Encounter,
  OperationOutcome,
  Patient,
  R4,
} from './index.js';

describe('FHIR types re-exported from the package entry', () => {
  it('are the fhir/r4 types the actions use', () => {
    expectTypeOf<ActionResult<'getPatient'>>().toEqualTypeOf<Patient>();
    expectTypeOf<ActionResult<'getPatient'>>().not.toEqualTypeOf<Encounter>();
    expectTypeOf<ActionResult<'getEncounter'>>().toEqualTypeOf<Encounter>();
    expectTypeOf<ActionResult<'getPatientEncounters'>>().toEqualTypeOf<Encounter[]>();
    expectTypeOf<ActionResult<'getAppointment'>>().toEqualTypeOf<Appointment>();
    expectTypeOf<Patient['resourceType']>().toEqualTypeOf<'Patient'>();
    expectTypeOf<DocumentReference['resourceType']>().toEqualTypeOf<'DocumentReference'>();
    expectTypeOf<OperationOutcome['resourceType']>().toEqualTypeOf<'OperationOutcome'>();
    expectTypeOf<R4.Binary['resourceType']>().toEqualTypeOf<'Binary'>();
    expectTypeOf<R4.Patient>().toEqualTypeOf<Patient>();
  });
});
