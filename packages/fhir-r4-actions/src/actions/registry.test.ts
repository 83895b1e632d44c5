import { describe, expect, it } from 'vitest';
import { actionKeys, actions, ALL_ACTION_SCOPES, describeActionInput } from './registry.js';

describe('actions registry', () => {
  it('lists the seven actions with their scopes', () => {
    expect(actionKeys).toEqual(['getPatient', 'createPatient', 'findPatientByMrn', 'getAppointment', 'getPatientEncounters', 'createClinicalNote', 'getEncounter']);
    expect(actions.createClinicalNote.requiredScopes).toEqual(['system/DocumentReference.write']);
    expect(ALL_ACTION_SCOPES).toEqual(['system/Patient.read', 'system/Patient.write', 'system/Appointment.read', 'system/Encounter.read', 'system/DocumentReference.write']);
  });
  it('describes input fields', () => {
    const fields = describeActionInput('findPatientByMrn');
    expect(fields.map((f) => [f.name, f.required])).toEqual([['mrn', true], ['system', false]]);
    expect(describeActionInput('createPatient').find((f) => f.name === 'gender')?.type).toBe('male|female|other|unknown');
  });
});
