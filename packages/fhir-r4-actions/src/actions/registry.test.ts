import { describe, expect, it } from 'vitest';
import { BASE, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';
import { describeActionInput } from './describe-action-input.js';
import {
  actionKeys,
  actions,
  ALL_ACTION_SCOPES,
  ALL_ACTION_SCOPES_V2,
  isActionKey,
} from './registry.js';

describe('actions registry', () => {
  it('lists the seven actions in the design table order with their scopes', () => {
    expect(actionKeys).toEqual([
      'getPatient',
      'createPatient',
      'findPatientByMrn',
      'getAppointment',
      'getPatientEncounters',
      'createClinicalNote',
      'getEncounter',
    ]);
    expect(Object.fromEntries(actionKeys.map((k) => [k, actions[k].requiredScopes]))).toEqual({
      getPatient: ['system/Patient.read'],
      createPatient: ['system/Patient.write'],
      findPatientByMrn: ['system/Patient.read'],
      getAppointment: ['system/Appointment.read'],
      getPatientEncounters: ['system/Encounter.read'],
      createClinicalNote: ['system/DocumentReference.write'],
      getEncounter: ['system/Encounter.read'],
    });
    for (const k of actionKeys) {
      expect(actions[k]).toMatchObject({
        key: k,
        title: expect.any(String),
        description: expect.any(String),
      });
    }
    expect(ALL_ACTION_SCOPES).toEqual([
      'system/Patient.read',
      'system/Patient.write',
      'system/Appointment.read',
      'system/Encounter.read',
      'system/DocumentReference.write',
    ]);
    expect(ALL_ACTION_SCOPES_V2).toEqual([
      'system/Patient.crs',
      'system/Appointment.r',
      'system/Encounter.rs',
      'system/DocumentReference.c',
    ]);
  });
  it('is frozen', () => {
    expect(Object.isFrozen(actions)).toBe(true);
    expect(Object.isFrozen(actions.getPatient)).toBe(true);
  });
  it('isActionKey', () => {
    expect(isActionKey('getEncounter')).toBe(true);
    expect(isActionKey('toString')).toBe(false);
    expect(isActionKey(1)).toBe(false);
  });
  it('action.run(client, input) runs through the client (validated)', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('4400001')));
    const { client } = testClient(fetch);
    expect(await actions.getPatient.run(client, { patientId: '4400001' })).toMatchObject({
      id: '4400001',
    });
    await expect(actions.getPatient.run(client, { patientId: '' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(fetch.calls.map((c) => c.url)).toEqual([`${BASE}/Patient/4400001`]);
  });
  it('each definition is keyed by its own key, and the client has one method per action', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('4400001')));
    const { client } = testClient(fetch);
    for (const k of actionKeys) {
      expect(actions[k].key).toBe(k);
      expect(typeof client[k]).toBe('function');
    }
    expect(Object.keys(actions)).toEqual(actionKeys);
    expect(await client.getPatient({ patientId: '4400001' })).toMatchObject({ id: '4400001' });
  });
  it('the zod schemas are usable on their own', () => {
    expect(actions.findPatientByMrn.input.safeParse({ mrn: '1' }).success).toBe(true);
    expect(actions.findPatientByMrn.input.safeParse({ mrn: '1', extra: 1 }).success).toBe(false);
  });
});

describe('describeActionInput', () => {
  it('lists fields with type, required and description', () => {
    expect(describeActionInput('findPatientByMrn')).toEqual([
      { name: 'mrn', type: 'string', required: true, description: 'The medical record number' },
      {
        name: 'system',
        type: 'string',
        required: false,
        description: "The MRN identifier system (default: the client's mrnSystem)",
      },
    ]);
    expect(
      describeActionInput('getPatientEncounters').find((f) => f.name === 'maxPages'),
    ).toMatchObject({ type: 'integer', required: false });
  });
  it('shows enums, formats, unions and flattens nested objects', () => {
    const f = Object.fromEntries(describeActionInput('createPatient').map((x) => [x.name, x]));
    expect(f.gender).toMatchObject({
      type: 'male|female|other|unknown',
      enum: ['male', 'female', 'other', 'unknown'],
      required: false,
    });
    expect(f.birthDate).toMatchObject({ type: 'string', format: 'date' });
    expect(f.given).toMatchObject({ type: 'string | string[]', required: true });
    expect(f['address.postalCode']).toMatchObject({ type: 'string', required: false });
    expect(f['address.line']).toMatchObject({ type: 'string | string[]' });
    expect(f.assigningOrganizationId).toMatchObject({
      required: true,
      description: expect.stringMatching(/MRN/),
    });
    const note = describeActionInput('createClinicalNote');
    expect(note.filter((x) => x.required).map((x) => x.name)).toEqual([
      'patientId',
      'encounterId',
      'text',
    ]);
    expect(note.find((x) => x.name === 'periodEnd')).toMatchObject({ format: 'date-time' });
  });
  it('describes every action', () => {
    for (const k of actionKeys) expect(describeActionInput(k).length).toBeGreaterThan(0);
    expect(() => describeActionInput('nope' as never)).toThrow(TypeError);
  });
});
