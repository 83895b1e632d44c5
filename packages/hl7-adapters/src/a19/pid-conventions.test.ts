import type { Patient } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { createHl7Message } from '../codec/message.js';
import { parseHl7 } from '../codec/parse.js';
import { DEFAULT_MRN_SYSTEM } from './identifier-systems.js';
import { parseAdrA19 } from './parse-adr-a19.js';
import { addPatientPid, patientToPid } from './patient-to-pid.js';
import { pidToPatient } from './pid-to-patient.js';

const pid = (text: string) => parseHl7(`MSH|^~\\&|HNAM|NW|||20250102||ADR^A19|1|P|2.3\r${text}\r`);
const telecomOf = (pidText: string) => pidToPatient(pid(pidText).segment('PID')!).telecom;

describe('the ADR parser keeps every telecom it is given (#10, hl7.md §1.3 PID-13/14)', () => {
  it('a repetition with both a number and an email gives both', () => {
    expect(
      telecomOf('PID|1||1^^^A^MRN||DOE^JO||||||||(207)555-0111^PRN^PH^jo@example.org'),
    ).toEqual([
      { system: 'phone', value: '(207)555-0111', use: 'home' },
      { system: 'email', value: 'jo@example.org', use: 'home' },
    ]);
  });

  it('reads display aliases in XTN.2/XTN.3 (Home, Business, Cell, Email, Fax) like the codes', () => {
    expect(
      telecomOf(
        'PID|1||1^^^A^MRN||DOE^JO||||||||5550111^Home^Phone~5550122^Home^Cell~jo@example.org^Home^Email|5550133^Business^Fax~^Business^E-mail^jo@work.example',
      ),
    ).toEqual([
      { system: 'phone', value: '5550111', use: 'home' },
      { system: 'phone', value: '5550122', use: 'mobile' },
      { system: 'email', value: 'jo@example.org', use: 'home' },
      { system: 'fax', value: '5550133', use: 'work' },
      { system: 'email', value: 'jo@work.example', use: 'work' },
    ]);
  });

  it('numbers in XTN.12 or XTN.5-8 and emails in XTN.1 or XTN.4 are all kept', () => {
    expect(
      telecomOf(
        'PID|1||1^^^A^MRN||DOE^JO||||||||^PRN^PH^^^^^^^^^2075550144~^PRN^PH^^1^207^5550155^12~jo@example.org^NET~^NET^Internet^https://jo.example',
      ),
    ).toEqual([
      { system: 'phone', value: '2075550144', use: 'home' },
      { system: 'phone', value: '+1 207 5550155 X12', use: 'home' },
      { system: 'email', value: 'jo@example.org', use: 'home' },
      { system: 'url', value: 'https://jo.example', use: 'home' },
    ]);
  });

  it('a repetition with only a text (XTN.9) is kept as system other, not dropped', () => {
    expect(telecomOf('PID|1||1^^^A^MRN||DOE^JO||||||||^PRN^^^^^^^call the daughter')).toEqual([
      { system: 'other', value: 'call the daughter', use: 'home' },
    ]);
  });
});

const patient: Patient = {
  resourceType: 'Patient',
  identifier: [
    {
      system: DEFAULT_MRN_SYSTEM,
      value: '7654321',
      period: { start: '2020-01-01' },
    },
  ],
  name: [
    {
      family: 'DOE',
      given: ['JO'],
      use: 'official',
      period: { start: '2001-02-03' },
      suffix: ['JR', 'III', 'PHD'],
    },
  ],
  address: [{ line: ['1 MAIN ST'], city: 'TOWN', period: { end: '2024-01-01' } }],
  telecom: [
    { system: 'phone', value: '5550111', use: 'home', rank: 2, period: { start: '2020-01-01' } },
  ],
};

describe('patientToPid writes what the message version defines (#10, hl7.md §1.3)', () => {
  it('2.3: no CX.7/8, XPN.10-14, XAD.12-14, XTN.13+', () => {
    const f = patientToPid(patient, { version: '2.3' });
    expect(f[2]).toBe('7654321^^^&2.16.840.1.113883.6.1000&ISO^MRN');
    expect(f[4]).toBe('DOE^JO^^JR^^III^L');
    expect(f[10]).toBe('1 MAIN ST^^TOWN');
    expect(f[12]).toBe('5550111^PRN^PH');
  });

  it('2.4: periods in the validity ranges XPN.10 and XAD.12, read back by the parser', () => {
    const f = patientToPid(patient, { version: '2.4' });
    expect(f[4]).toBe('DOE^JO^^JR^^III^L^^^20010203');
    expect(f[10]).toBe('1 MAIN ST^^TOWN^^^^^^^^^&20240101');
    const msg = createHl7Message();
    msg.set('MSH-12', '2.4');
    addPatientPid(msg, patient, { version: '2.4' });
    const back = pidToPatient(msg.segment('PID')!, msg);
    expect(back.name?.[0]?.period).toEqual({ start: '2001-02-03' });
    expect(back.address?.[0]?.period).toEqual({ end: '2024-01-01' });
  });

  it('2.5.1: CX.7, XPN.12-14, XAD.14; XTN.13+ only from 2.7; no version: everything', () => {
    const f = patientToPid(patient, { version: '2.5.1' });
    expect(f[2]).toBe('7654321^^^&2.16.840.1.113883.6.1000&ISO^MRN^^20200101');
    expect(f[4]).toBe('DOE^JO^^JR^^III^L^^^^^20010203^^PHD');
    expect(f[12]).toBe('5550111^PRN^PH');
    expect(patientToPid(patient, { version: '2.7' })[12]).toBe(
      '5550111^PRN^PH^^^^^^^^^^20200101^^^^^2',
    );
    expect(patientToPid(patient)[12]).toBe(patientToPid(patient, { version: '2.7' })[12]);
  });

  it("cx4 'alias-pool' writes the site's pool name alone, as Cerner does, and reads back to the system", () => {
    const rows = [
      { system: DEFAULT_MRN_SYSTEM, typeCode: 'MRN', assigningAuthority: 'RRL MRN', v2Type: 'MR' },
    ];
    const f = patientToPid(patient, { version: '2.3', identifierSystems: rows, cx4: 'alias-pool' });
    expect(f[2]).toBe('7654321^^^RRL MRN^MRN');
    expect(patientToPid(patient, { version: '2.3', identifierSystems: rows })[2]).toBe(
      '7654321^^^RRL MRN&2.16.840.1.113883.6.1000&ISO^MRN',
    );
    const adr = `MSH|^~\\&|HNAM|NW|||20250102||ADR^A19|1|P|2.3\rMSA|AA|Q\rPID|1||${f[2]}\r`;
    const result = parseAdrA19(adr);
    expect(result.status === 'found' && result.patients[0]?.identifier?.[0]).toMatchObject({
      system: DEFAULT_MRN_SYSTEM,
      value: '7654321',
      assigner: { display: 'RRL MRN' },
    });
  });
});
