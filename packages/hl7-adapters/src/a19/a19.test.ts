import type { Patient } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import {
  ADR_A19_CERNER,
  ADR_A19_MINIMAL,
  ADR_A19_NOT_FOUND_AE,
  ADR_A19_NOT_FOUND_QAK,
  ADR_A19_REJECTED,
  ORM_CERNER_OUTBOUND,
  ADT_ESCAPE_AT_END,
} from '../__fixtures__/messages.js';
import { createHl7Message } from '../codec/message.js';
import { parseHl7 } from '../codec/parse.js';
import { Hl7Error } from '../errors.js';
import { buildA19Query } from './build-a19-query.js';
import { DEFAULT_MRN_SYSTEM, US_SSN_SYSTEM } from './identifier-systems.js';
import { parseAdrA19 } from './parse-adr-a19.js';
import { addPatientPid, patientToPid } from './patient-to-pid.js';
import { pidToPatient } from './pid-to-patient.js';

const fixed = { now: () => new Date('2025-01-02T09:30:10Z'), controlId: 'Q0001' };
const TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';

function inputError(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return Hl7Error.isInstance(e) && e.code === 'invalid_input' ? e.inputField : 'other';
  }
  return undefined;
}

describe('buildA19Query', () => {
  it('builds MSH + QRD with the MRN as an XCN', () => {
    const q = buildA19Query({
      mrn: '7654321',
      sendingApplication: 'CAREAPP',
      receivingApplication: 'HNAM',
      ...fixed,
    });
    expect(q.toString()).toBe(
      'MSH|^~\\&|CAREAPP||HNAM||20250102093010+0000||QRY^A19|Q0001|P|2.3\r' +
        'QRD|20250102093010+0000|R|I|Q0001|||1^RD|7654321^^^^^^^^^^^^MR|DEM\r',
    );
  });

  it('supports CX and bare-id QRD-8, QRF, v2.5.1 and injected ids', () => {
    const q = buildA19Query({
      mrn: '654321',
      mrnAssigningAuthority: 'CITYHOSP',
      whoFormat: 'cx',
      version: '2.5.1',
      includeQrf: true,
      receivingFacility: 'CITYHOSP',
      processingId: 'T',
      idGenerator: () => 'ABCDEFGHIJKLMNOP',
      now: () => Date.UTC(2026, 6, 17, 10, 20),
      timezoneOffsetMinutes: -240,
    });
    expect(q.type).toBe('QRY^A19');
    expect(q.get('MSH-9.3')).toBe('QRY_A19');
    expect(q.controlId).toBe('ABCDEFGHIJKLMNOP');
    expect(q.get('MSH-7')).toBe('20260717062000-0400');
    expect(q.get('MSH-11')).toBe('T');
    expect(q.get('QRD-4')).toBe('ABCDEFGHIJ');
    expect(q.segment('QRD')!.getRaw(8)).toBe('654321^^^CITYHOSP^MR');
    expect(q.get('QRF-1')).toBe('CITYHOSP');
    expect(
      buildA19Query({ mrn: 'A|B', whoFormat: 'id', ...fixed })
        .segment('QRD')!
        .getRaw(8),
    ).toBe('A\\F\\B');
  });

  it('rejects bad input before building, naming the option', () => {
    expect(inputError(() => buildA19Query({ mrn: '' }))).toBe('mrn');
    expect(inputError(() => buildA19Query({ mrn: '  ' }))).toBe('mrn');
    expect(inputError(() => buildA19Query({ mrn: '1', version: '2.7' }))).toBe('version');
    expect(inputError(() => buildA19Query({ mrn: '1', controlId: 'x'.repeat(21) }))).toBe(
      'controlId',
    );
    expect(inputError(() => buildA19Query({ mrn: '1', processingId: 'X' as 'P' }))).toBe(
      'processingId',
    );
    expect(inputError(() => buildA19Query({ mrn: '1', now: () => new Date('nope') }))).toBe('date');
  });
});

describe('parseAdrA19', () => {
  it('maps a Cerner-style PID to a FHIR Patient', () => {
    const result = parseAdrA19(ADR_A19_CERNER, { tenantId: TENANT });
    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.controlId).toBe('QRY0042');
    expect(result.queryId).toBe('QRY0042');
    const p = result.patients[0]!;
    expect(p.identifier).toEqual([
      {
        use: 'usual',
        type: {
          coding: [
            { system: `https://fhir.cerner.com/${TENANT}/codeSet/4`, code: '10', display: 'MRN' },
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
          text: 'MRN',
        },
        system: DEFAULT_MRN_SYSTEM,
        value: '7654321',
        assigner: { display: 'NORTHWIND_MRN' },
      },
      expect.objectContaining({ system: 'urn:oid:2.16.840.1.113883.3.787.0.0', value: '55501' }),
      expect.objectContaining({ system: US_SSN_SYSTEM, value: '987-65-4320' }),
      expect.objectContaining({
        value: '4400098765',
        type: expect.objectContaining({ text: 'FIN NBR' }),
      }),
    ]);
    expect(p.identifier![3]!.system).toBeUndefined();
    expect(p.name).toEqual([
      {
        use: 'official',
        family: "D'ANGELO-PRICE",
        given: ['ROSA', 'LYNN'],
        prefix: ['MRS'],
        suffix: ['III'],
      },
      { use: 'maiden', family: 'PRICE', given: ['ROSA'] },
      { family: 'DANGELO', given: ['ROSA'] },
    ]);
    expect(p.gender).toBe('female');
    expect(p.birthDate).toBe('1980-02-29');
    expect(p.address).toEqual([
      {
        use: 'home',
        line: ['18 HARBOR VIEW RD', 'UNIT 4'],
        city: 'PORTLAND',
        district: 'CUMBERLAND',
        state: 'ME',
        postalCode: '04101',
        country: 'USA',
      },
      {
        type: 'postal',
        line: ['PO BOX 77'],
        city: 'PORTLAND',
        state: 'ME',
        postalCode: '04112',
        country: 'USA',
      },
    ]);
    expect(p.telecom).toEqual([
      { system: 'phone', value: '(207)555-0111', use: 'home' },
      { system: 'email', value: 'rosa.price@example.org', use: 'home' },
      { system: 'phone', value: '(207)555-0188', use: 'mobile' },
      { system: 'phone', value: '(207)555-0140', use: 'work' },
    ]);
    expect(p.maritalStatus).toEqual({
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
          code: 'M',
          display: 'Married',
        },
      ],
      text: 'Married',
    });
    expect(p.communication).toEqual([
      {
        language: {
          coding: [
            { system: 'urn:ietf:bcp:47', code: 'es', display: 'Spanish' },
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0296',
              code: 'SPA',
              display: 'Spanish',
            },
          ],
          text: 'Spanish',
        },
      },
    ]);
    expect(p.deceasedBoolean).toBe(false);
    expect(p.multipleBirthBoolean).toBe(false);
  });

  it('uses the site identifier table first', () => {
    const result = parseAdrA19(ADR_A19_CERNER, {
      identifierSystems: [
        { assigningAuthority: 'NORTHWIND_MRN', system: 'urn:oid:1.2.3.4', v2Type: 'MR' },
        { typeCode: 'FIN NBR', system: 'urn:oid:5.5.5.5.5.5.', v2Type: 'AN' },
      ],
    });
    if (result.status !== 'found') throw new Error(result.status);
    expect(result.patients[0]!.identifier!.map((i) => i.system)).toEqual([
      'urn:oid:1.2.3.4',
      'urn:oid:2.16.840.1.113883.3.787.0.0',
      US_SSN_SYSTEM,
      'urn:oid:5.5.5.5.5.5.',
    ]);
  });

  it('reads the not-found and error shapes', () => {
    expect(parseAdrA19(ADR_A19_MINIMAL)).toEqual({ status: 'not_found', controlId: '77' });
    expect(parseAdrA19(ADR_A19_NOT_FOUND_QAK)).toEqual({
      status: 'not_found',
      controlId: 'QRY0043',
      queryId: 'QRY0043',
    });
    expect(parseAdrA19(parseHl7(ADR_A19_NOT_FOUND_AE))).toEqual({
      status: 'not_found',
      controlId: 'QRY0044',
      queryId: 'QRY0044',
    });
    expect(parseAdrA19(ADR_A19_REJECTED)).toEqual({
      status: 'error',
      ackCode: 'AR',
      text: 'Unsupported processing id',
      controlId: 'QRY0045',
      errors: [{ code: '202', text: 'Unsupported processing ID', location: 'MSH-11' }],
    });
    const appError = ADR_A19_NOT_FOUND_AE.replace('Patient not found', 'Database down').replace(
      '204^Unknown key identifier',
      '207^Application internal error',
    );
    expect(parseAdrA19(appError)).toMatchObject({
      status: 'error',
      ackCode: 'AE',
      text: 'Database down',
    });
    const ackInstead = 'MSH|^~\\&|HNAM||CAREAPP||20250101||ACK^A19|9|P|2.3\rMSA|AR|Q1\r';
    expect(parseAdrA19(ackInstead)).toMatchObject({
      status: 'error',
      ackCode: 'AR',
      controlId: 'Q1',
    });
  });

  it('refuses other message types and replies without MSA', () => {
    expect(() => parseAdrA19(ORM_CERNER_OUTBOUND)).toThrow(
      expect.objectContaining({ code: 'unsupported_message' }),
    );
    expect(() => parseAdrA19('MSH|^~\\&|A||||||ADR^A19|1\r')).toThrow(
      expect.objectContaining({ code: 'unsupported_message' }),
    );
    expect(() => parseAdrA19('garbage')).toThrow(expect.objectContaining({ code: 'parse_error' }));
  });
});

describe('pidToPatient edge cases', () => {
  it('reads Cerner display strings and deduplicates PID-2/PID-3', () => {
    const msg = parseHl7(ORM_CERNER_OUTBOUND);
    const p = pidToPatient(msg.segment('PID')!, msg);
    expect(p.gender).toBe('male');
    expect(p.identifier).toHaveLength(2); // PID-2 = PID-3 (kept once) + PID-19
    expect(p.identifier![0]).toMatchObject({
      system: DEFAULT_MRN_SYSTEM,
      value: '888888888',
      assigner: { display: 'RRL MRN' },
    });
    expect(p.identifier![1]).toMatchObject({ system: US_SSN_SYSTEM, value: '8888888888' });
    expect(p.name).toEqual([{ family: 'ZZZTEST', given: ['SAMPLE'] }]);
  });

  it('handles check digits, an escaped-escape component, SSN in PID-19, county from PID-12', () => {
    const msg = parseHl7(ADT_ESCAPE_AT_END);
    const p = pidToPatient(msg.segment('PID')!, msg);
    expect(p.identifier!.map((i) => [i.value, i.type?.text, i.system])).toEqual([
      ['PATID7788', 'MR', DEFAULT_MRN_SYSTEM],
      ['555443333', 'SS', US_SSN_SYSTEM],
    ]);
    expect(p.address![0]!.district).toBe('GL');
    expect(p.maritalStatus!.coding![0]!.code).toBe('M');
  });

  it('keeps birth and death times with their offset, or the MSH-7 offset', () => {
    const msg = parseHl7(
      'MSH|^~\\&|A||||20250101120000-0500||ADR^A19|1|P|2.3\rPID|1||1^^^^MRN||X^Y||197504121030|U||||||||||||||||Y|3||||202401020304+0100|Y\r',
    );
    const p = pidToPatient(msg.segment('PID')!, msg);
    expect(p.birthDate).toBe('1975-04-12');
    expect(p._birthDate).toEqual({
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
          valueDateTime: '1975-04-12T10:30:00-05:00',
        },
      ],
    });
    expect(p.gender).toBe('unknown');
    expect(p.deceasedDateTime).toBe('2024-01-02T03:04:00+01:00');
    expect(p.multipleBirthInteger).toBe(3);
    const noOffset = parseHl7(
      'MSH|^~\\&|A||||20250101||ADR^A19|1\rPID|1||1||X||197504121030|O|||||||||||||||||||||20240102|\r',
    );
    const q = pidToPatient(noOffset.segment('PID')!, noOffset, { genderMap: { O: 'male' } });
    expect(q._birthDate).toBeUndefined();
    expect(q.gender).toBe('male');
    expect(q.deceasedDateTime).toBe('2024-01-02');
  });
});

describe('patientToPid', () => {
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        system: DEFAULT_MRN_SYSTEM,
        value: '6931',
      },
      { system: 'urn:oid:2.16.840.1.113883.3.787.0.0', value: '171' },
      { system: US_SSN_SYSTEM, value: '111-22-3333' },
      { type: { text: 'FIN NBR' }, value: 'F|1' },
    ],
    name: [{ use: 'official', family: 'SMART', given: ['Nancy', 'Ann', 'Jo'], prefix: ['Ms'] }],
    birthDate: '1980-08-11',
    gender: 'female',
    address: [
      {
        use: 'home',
        line: ['1 Main St', 'Apt 2'],
        city: 'Kansas City',
        state: 'MO',
        postalCode: '64105',
        country: 'US',
      },
    ],
    telecom: [
      { system: 'phone', value: '816-555-0100', use: 'home' },
      { system: 'phone', value: '816-555-0199', use: 'mobile' },
      { system: 'email', value: 'nancy@example.com', use: 'home' },
      { system: 'phone', value: '816-555-0111', use: 'work' },
    ],
    maritalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
    },
    deceasedBoolean: false,
  };

  it('writes the PID fields', () => {
    const fields = patientToPid(patient);
    expect(fields[0]).toBe('1');
    expect(fields[2]).toBe(
      '6931^^^&2.16.840.1.113883.6.1000&ISO^MRN~171^^^&2.16.840.1.113883.3.787.0.0&ISO^CMRN~F\\F\\1^^^^FIN NBR',
    );
    expect(fields[4]).toBe('SMART^Nancy^Ann Jo^^Ms^^L');
    expect(fields[6]).toBe('19800811');
    expect(fields[7]).toBe('F');
    expect(fields[10]).toBe('1 Main St^Apt 2^Kansas City^MO^64105^US^H');
    expect(fields[12]).toBe(
      '816-555-0100^PRN^PH~816-555-0199^PRS^CP~^NET^Internet^nancy@example.com',
    );
    expect(fields[13]).toBe('816-555-0111^WPN^PH');
    expect(fields[15]).toBe('M');
    expect(fields[18]).toBe('111-22-3333');
    expect(fields[29]).toBe('N');
    expect(patientToPid(patient, { genderStyle: 'display' })[7]).toBe('Female');
  });

  it('round-trips through pidToPatient', () => {
    const msg = createHl7Message();
    addPatientPid(msg, patient);
    const back = parseHl7(msg.toString());
    const p = pidToPatient(back.segment('PID')!, back);
    expect(p.identifier!.map((i) => [i.system, i.value])).toEqual([
      [DEFAULT_MRN_SYSTEM, '6931'],
      ['urn:oid:2.16.840.1.113883.3.787.0.0', '171'],
      [undefined, 'F|1'],
      [US_SSN_SYSTEM, '111-22-3333'],
    ]);
    expect(p.name).toEqual([
      { use: 'official', family: 'SMART', given: ['Nancy', 'Ann Jo'], prefix: ['Ms'] },
    ]);
    expect(p.birthDate).toBe(patient.birthDate);
    expect(p.gender).toBe('female');
    expect(p.address).toEqual([{ ...patient.address![0] }]);
    expect(p.telecom).toEqual(patient.telecom!.map((t) => ({ ...t })));
    expect(p.maritalStatus!.coding![0]!.code).toBe('M');
    expect(p.deceasedBoolean).toBe(false);
  });
});
