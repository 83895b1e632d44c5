import type {
  Address,
  CodeableConcept,
  ContactPoint,
  Extension,
  HumanName,
  Identifier,
  Patient,
  Period,
} from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { createHl7Message } from '../codec/message.js';
import { parseHl7 } from '../codec/parse.js';
import { Hl7Error } from '../errors.js';
import {
  MARITAL_STATUS_DISPLAY,
  MARITAL_STATUS_SYSTEM,
  MARITAL_STATUS_TO_V2,
  NULL_FLAVOR_SYSTEM,
} from './code-maps.js';
import { DEFAULT_MRN_SYSTEM, US_SSN_SYSTEM, V2_0203_SYSTEM } from './identifier-systems.js';
import { addPatientPid, patientToPid, type PatientToPidOptions } from './patient-to-pid.js';
import { pidToPatient } from './pid-to-patient.js';
import { rng } from '../__fixtures__/seeded-random.js';

// FHIR Patient -> PID -> FHIR Patient must give back every field PID carries (README, "Round
// trip"). The generator only builds values in the carried space; the documented conventions
// (joined given names, telecom order by field, SSN position …) have their own cases below.

interface Gen {
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  int(min: number, max: number): number;
}

function gen(seed: number): Gen {
  const next = rng(seed);
  return {
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

const TRICKY = ['O|Brien', 'A^B', 'x~y', 'back\\slash', 'amp & co', '""', 'Zoë', 'plain'];
const DATES = [
  '1999',
  '2001-07',
  '2010-01-31',
  '2015-06-01T08:30:00-05:00',
  '2020-02-29T23:59:59.25+01:00',
  '2022-12-31T00:00:00+00:00',
];

function period(g: Gen): Period | undefined {
  if (!g.chance(0.6)) return undefined;
  const p: Period = {};
  if (g.chance(0.7)) p.start = g.pick(DATES);
  if (!p.start || g.chance(0.5)) p.end = g.pick(DATES);
  return p;
}

function withPeriod<T extends { period?: Period }>(value: T, g: Gen): T {
  const p = period(g);
  if (p) value.period = p;
  return value;
}

/** An identifier and what the reader must give back for it (type compared by code or text). */
interface IdCase {
  input: Identifier;
  back: { use?: Identifier['use']; system?: string; type?: string; assigner?: string };
}

function v2Type(code: string): CodeableConcept {
  return { coding: [{ system: V2_0203_SYSTEM, code }] };
}

function identifierCases(g: Gen): IdCase[] {
  const value = (): string => `${g.int(1, 999_999)}${g.pick(['', '|x', '^y', '&z'])}`;
  const pool: (() => IdCase)[] = [
    () => ({
      input: { use: 'usual', type: v2Type('MR'), system: DEFAULT_MRN_SYSTEM, value: value() },
      back: { use: 'usual', system: DEFAULT_MRN_SYSTEM, type: 'MR' },
    }),
    () => ({
      input: { system: 'urn:oid:2.16.840.1.113883.3.787.0.0', value: value() },
      back: { system: 'urn:oid:2.16.840.1.113883.3.787.0.0', type: 'MR' },
    }),
    // An MR from another OID must keep its own system (not the sandbox MRN row's).
    () => ({
      input: { type: v2Type('MR'), system: 'urn:oid:1.2.840.99.7', value: value() },
      back: { system: 'urn:oid:1.2.840.99.7', type: 'MR' },
    }),
    () => ({
      input: { type: v2Type('MB'), system: 'https://payer.example.org/member', value: value() },
      back: { system: 'https://payer.example.org/member', type: 'MB' },
    }),
    () => ({
      input: {
        type: v2Type('PT'),
        system: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
        value: value(),
        assigner: { display: g.pick(['NORTHWIND', 'A&B CLINIC']) },
      },
      back: { system: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e', type: 'PT' },
    }),
    () => ({
      input: { type: { text: 'FIN NBR' }, value: value() },
      back: { type: 'AN' },
    }),
  ];
  const out: IdCase[] = [];
  for (let i = g.int(1, 5); i > 0; i--) {
    const c = g.pick(pool)();
    withPeriod(c.input, g);
    if (c.input.assigner?.display) c.back.assigner = c.input.assigner.display;
    out.push(c);
  }
  // An SSN with a period keeps its place in PID-3; a bare one travels in PID-19 and comes last.
  if (g.chance(0.3)) {
    out.push({
      input: {
        type: v2Type('SS'),
        system: US_SSN_SYSTEM,
        value: '123-45-6789',
        period: { start: '2001-01-01' },
      },
      back: { system: US_SSN_SYSTEM, type: 'SS' },
    });
  } else if (g.chance(0.5)) {
    out.push({
      input: { system: US_SSN_SYSTEM, value: '987-65-4321' },
      back: { system: US_SSN_SYSTEM, type: 'SS' },
    });
  }
  return out;
}

const NAME_USES = ['official', 'usual', 'maiden', 'nickname', 'temp', 'old', 'anonymous'] as const;

function name(g: Gen): HumanName {
  const n: HumanName = {};
  if (g.chance(0.7)) n.use = g.pick(NAME_USES);
  if (g.chance(0.9)) n.family = g.pick(TRICKY);
  if (!n.family || g.chance(0.8)) {
    n.given = [g.pick(['Ann', 'Mary Ann', 'J^R'])];
    if (g.chance(0.5)) n.given.push(g.pick(['Lee', 'van der', 'Q&A']));
  }
  if (g.chance(0.4)) n.prefix = [g.pick(['Dr', 'Ms', 'Prof Dr'])];
  if (g.chance(0.5)) {
    n.suffix = ['Jr', 'MD', 'PhD'].slice(0, g.int(1, 3));
  }
  return withPeriod(n, g);
}

function address(g: Gen): Address {
  const a: Address = {};
  const kind = g.int(0, 6);
  if (kind < 5) a.use = (['home', 'work', 'temp', 'old', 'billing'] as const)[kind];
  else if (kind === 5) a.type = 'postal';
  a.line = ['1 Main St', 'Apt 2^B', 'Floor 3 & Annex', 'c/o Smith|Jones'].slice(0, g.int(1, 4));
  if (g.chance(0.9)) a.city = g.pick(['Kansas City', 'Saint-Étienne']);
  if (g.chance(0.8)) a.state = 'MO';
  if (g.chance(0.8)) a.postalCode = '64105';
  if (g.chance(0.5)) a.country = g.pick(['US', 'USA', 'FR']);
  if (g.chance(0.3)) a.district = 'Jackson';
  return withPeriod(a, g);
}

function telecom(g: Gen): ContactPoint {
  const system = g.pick(['phone', 'fax', 'pager', 'email', 'url'] as const);
  const mailbox = system === 'email' || system === 'url';
  const use = g.pick(mailbox ? (['home', 'work'] as const) : (['home', 'work', 'mobile'] as const));
  const value =
    system === 'email'
      ? g.pick(['a.b@example.org', 'x&y@example.org'])
      : system === 'url'
        ? g.pick(['https://example.org/p?a=1&b=2', 'http://x.example/~me'])
        : g.pick(['(816) 555-0100', '+1 816 555 0199 x12', '555^0111']);
  const t: ContactPoint = { system, value, use };
  if (g.chance(0.5)) t.rank = g.int(1, 5);
  return withPeriod(t, g);
}

function marital(g: Gen): CodeableConcept {
  const code = g.pick([...Object.keys(MARITAL_STATUS_TO_V2), 'P']);
  const system = ['UNK', 'OTH', 'NAVU'].includes(code) ? NULL_FLAVOR_SYSTEM : MARITAL_STATUS_SYSTEM;
  const cc: CodeableConcept = {
    coding: [{ system, code, display: MARITAL_STATUS_DISPLAY[code] }],
  };
  if (code === 'P') cc.text = 'Polygamous';
  else if (g.chance(0.4)) cc.text = 'As told & noted';
  return cc;
}

function richPatient(seed: number): { patient: Patient; ids: IdCase[] } {
  const g = gen(seed);
  const ids = identifierCases(g);
  const patient: Patient = { resourceType: 'Patient', identifier: ids.map((c) => c.input) };
  patient.name = Array.from({ length: g.int(1, 3) }, () => name(g));
  if (g.chance(0.3)) {
    const ext: Extension = {
      url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName',
      valueString: 'Price & Co',
    };
    patient.extension = [ext];
  }
  if (g.chance(0.9)) patient.gender = g.pick(['male', 'female', 'other', 'unknown'] as const);
  const birth = g.int(0, 3);
  if (birth === 0) patient.birthDate = '1980';
  if (birth === 1) patient.birthDate = '1980-02';
  if (birth === 2) patient.birthDate = '1980-02-29';
  if (birth === 3) {
    const time = g.pick(['1975-04-12T10:30:00-05:00', '1975-04-12T23:05:07.5+09:30']);
    patient.birthDate = '1975-04-12';
    patient._birthDate = {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: time },
      ],
    };
  }
  const death = g.int(0, 4);
  if (death === 1) patient.deceasedBoolean = true;
  if (death === 2) patient.deceasedBoolean = false;
  if (death === 3) patient.deceasedDateTime = '2024-01-02';
  if (death === 4) patient.deceasedDateTime = '2024-01-02T03:04:05+01:00';
  patient.address = Array.from({ length: g.int(0, 3) }, () => address(g));
  // PID-13 holds home/mobile, PID-14 work: the carried order is non-work first.
  const tel = Array.from({ length: g.int(0, 5) }, () => telecom(g));
  patient.telecom = [
    ...tel.filter((t) => t.use !== 'work'),
    ...tel.filter((t) => t.use === 'work'),
  ];
  if (g.chance(0.7)) patient.maritalStatus = marital(g);
  if (g.chance(0.6)) {
    const [code, display] = g.pick([
      ['es', 'Spanish'],
      ['en-US', 'English'],
      ['fr', undefined],
    ] as const);
    const coding = display
      ? { system: 'urn:ietf:bcp:47', code, display }
      : { system: 'urn:ietf:bcp:47', code };
    patient.communication = [
      { language: display ? { coding: [coding], text: display } : { coding: [coding] } },
    ];
  }
  const multiple = g.int(0, 3);
  if (multiple === 1) patient.multipleBirthBoolean = false;
  if (multiple === 2) patient.multipleBirthBoolean = true;
  if (multiple === 3) patient.multipleBirthInteger = g.int(1, 4);
  for (const k of ['address', 'telecom'] as const) if (patient[k]?.length === 0) delete patient[k];
  return { patient, ids };
}

function roundTrip(
  patient: Patient,
  options: Omit<PatientToPidOptions, 'delimiters'> = {},
): Patient {
  const msg = createHl7Message();
  addPatientPid(msg, patient, options);
  const back = parseHl7(msg.toString());
  return pidToPatient(back.segment('PID')!, back);
}

function projectIdentifier(i: Identifier): IdCase['back'] & { value?: string; period?: Period } {
  const out: IdCase['back'] & { value?: string; period?: Period } = {};
  if (i.use) out.use = i.use;
  if (i.system) out.system = i.system;
  const code = i.type?.coding?.find((c) => c.system === V2_0203_SYSTEM)?.code;
  if (code) out.type = code;
  if (i.assigner?.display) out.assigner = i.assigner.display;
  if (i.value) out.value = i.value;
  if (i.period) out.period = i.period;
  return out;
}

describe('FHIR Patient -> PID -> FHIR Patient', () => {
  it('gives back every carried field of 300 generated rich patients', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { patient, ids } = richPatient(seed);
      for (const genderStyle of ['code', 'display'] as const) {
        const back = roundTrip(patient, { genderStyle });
        const { identifier, ...rest } = back;
        const { identifier: _sent, ...expected } = patient;
        expect(rest, `seed ${seed}`).toEqual(expected);
        expect(identifier?.map(projectIdentifier), `seed ${seed} identifiers`).toEqual(
          ids.map((c) => ({
            ...c.back,
            value: c.input.value,
            ...(c.input.period ? { period: c.input.period } : {}),
          })),
        );
      }
    }
  });

  it('keeps the documented conventions for what PID holds in fewer places', () => {
    const back = roundTrip({
      resourceType: 'Patient',
      identifier: [
        { system: US_SSN_SYSTEM, value: '111-22-3333' },
        { use: 'official', type: v2Type('MR'), system: DEFAULT_MRN_SYSTEM, value: '1' },
        { use: 'secondary', type: v2Type('PT'), system: 'urn:oid:1.2.3', value: '2' },
      ],
      name: [
        {
          family: 'X',
          given: ['A', 'B', 'C'],
          prefix: ['Prof', 'Dr'],
          suffix: ['Jr', 'MD', 'PhD', 'FACS'],
        },
      ],
      telecom: [
        { system: 'phone', value: '1', use: 'work' },
        { system: 'phone', value: '2' },
        { system: 'sms', value: '3', use: 'mobile' },
      ],
      communication: [
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fr' }] } },
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true },
      ],
    });
    // PID-15 is the primary language: the preferred one
    expect(back.communication).toEqual([
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] } },
    ]);
    // a bare SSN comes last (PID-19); use comes from the identifier table, not the identifier
    expect(back.identifier!.map((i) => [i.value, i.use])).toEqual([
      ['1', 'usual'],
      ['2', undefined],
      ['111-22-3333', undefined],
    ]);
    expect(back.name).toEqual([
      { family: 'X', given: ['A', 'B C'], prefix: ['Prof Dr'], suffix: ['Jr', 'MD', 'PhD FACS'] },
    ]);
    // PID-13 before PID-14; no use reads as PID-13's home; sms has no table 0202 code (CP)
    expect(back.telecom).toEqual([
      { system: 'phone', value: '2', use: 'home' },
      { system: 'phone', value: '3', use: 'mobile' },
      { system: 'phone', value: '1', use: 'work' },
    ]);
  });

  it('writes the later-version components where the standard puts them', () => {
    const fields = patientToPid({
      resourceType: 'Patient',
      identifier: [
        {
          type: v2Type('MB'),
          system: 'https://payer.example.org/member',
          value: 'M1',
          period: { start: '2020-01-01', end: '2021-06-30T12:00:00Z' },
        },
      ],
      name: [{ family: 'X', period: { start: '2001-02' } }],
      address: [{ line: ['a', 'b', 'c'], period: { end: '2019' } }],
      telecom: [{ system: 'phone', value: '5', use: 'home', rank: 2, period: { start: '2018' } }],
    });
    expect(fields[2]).toBe(
      'M1^^^&https://payer.example.org/member&URI^MB^^20200101^20210630120000+0000',
    );
    expect(fields[4]).toBe('X^^^^^^^^^^^200102');
    expect(fields[10]).toBe('a^b\\X0A\\c^^^^^^^^^^^^2019');
    expect(fields[12]).toBe('5^PRN^PH^^^^^^^^^^2018^^^^^2');
  });

  it('reads the v2.4 validity ranges (XPN.10, XAD.12) and prefers a CX.4 universal id to the row', () => {
    const msg = parseHl7(
      'MSH|^~\\&|A||||20250101||ADR^A19|1|P|2.4\r' +
        'PID|1||9^^^&1.2.3.4&ISO^MRN||X^Y^^^^^L^^^19900101&20000101||19800101||||a^^c^^^^H^^^^^20010101&2002||~||||||||||||||||\r',
    );
    const p = pidToPatient(msg.segment('PID')!, msg);
    expect(p.identifier![0]).toMatchObject({ system: 'urn:oid:1.2.3.4', value: '9' });
    expect(p.identifier![0]!.use).toBeUndefined();
    expect(p.name![0]!.period).toEqual({ start: '1990-01-01', end: '2000-01-01' });
    expect(p.address![0]!.period).toEqual({ start: '2001-01-01', end: '2002' });
  });

  it('refuses a date that is not FHIR, naming the field', () => {
    const bad = (patient: Partial<Patient>): string | undefined => {
      try {
        patientToPid({ resourceType: 'Patient', ...patient });
      } catch (e) {
        return Hl7Error.isInstance(e) && e.code === 'invalid_input' ? e.inputField : 'other';
      }
      return undefined;
    };
    expect(bad({ identifier: [{ value: '1', period: { start: '01/02/2020' } }] })).toBe(
      'identifier[0].period.start',
    );
    expect(bad({ telecom: [{ value: '1', period: { end: 'soon' } }] })).toBe(
      'telecom[0].period.end',
    );
    expect(bad({ birthDate: '1980-2-3' })).toBe('birthDate');
    expect(bad({ deceasedDateTime: 'yesterday' })).toBe('deceasedDateTime');
  });
});
