import { describe, expect, it } from 'vitest';
import { workGrowth } from './__fixtures__/work-counter.js';
import { parseAck } from './ack/parse-ack.js';
import { parseAdrA19 } from './a19/parse-adr-a19.js';
import { parseClinicalNote } from './documents/parse-clinical-note.js';
import { parseHl7 } from './codec/parse.js';
import { Hl7ParseError, Hl7ParseLimit } from './errors.js';

// Issue #16: each repetition used to be read by index from the start of its field, so reading
// n repetitions cost n² (176 KB of PID-3 repetitions: 12.8 s). Reading must be linear in the
// message size: 4x the repetitions may cost about 4x the work (counted, not timed:
// __fixtures__/work-counter.ts), never about 16x. The bound sits between the two.
const LINEAR_BOUND = 6;
const N = 500; // repetitions in the base input; the larger one has 2,000

const adr = (pid: string): string =>
  'MSH|^~\\&|HNAM|NW|APP|FAC|20250102093012||ADR^A19|C1|P|2.3\r' + 'MSA|AA|Q1\r' + `${pid}\r`;
const reps = (n: number, unit: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => unit(i)).join('~');
const noLimit = { maxRepetitions: Infinity };

describe('reading is linear in the number of repetitions (#16)', () => {
  const pidFields: [string, (n: number) => string][] = [
    ['PID-3 identifiers', (n) => `PID|1||${reps(n, (i) => `${i}^^^NORTHWIND_MRN^MRN`)}`],
    ['PID-5 names', (n) => `PID|1||1^^^A^MRN||${reps(n, (i) => `FAMILY${i}^GIVEN^^^^^L`)}`],
    [
      'PID-11 addresses',
      (n) => `PID|1||1^^^A^MRN||||||||${reps(n, (i) => `${i} MAIN ST^^TOWN^ME^04101^USA^H`)}`,
    ],
    [
      'PID-13 home phones',
      (n) => `PID|1||1^^^A^MRN||||||||||${reps(n, (i) => `(207)555-${i}^PRN^PH`)}`,
    ],
    [
      'PID-14 work phones and emails',
      (n) => `PID|1||1^^^A^MRN|||||||||||${reps(n, (i) => `^NET^Internet^a${i}@example.org`)}`,
    ],
  ];
  for (const [what, pid] of pidFields) {
    it(`parseAdrA19: ${what}`, () => {
      const ratio = workGrowth(
        (n) => adr(pid(n)),
        (text) => parseAdrA19(text, noLimit),
        N,
      );
      expect(ratio).toBeLessThan(LINEAR_BOUND);
    });
  }

  it('parseAck: ERR-1 repetitions', () => {
    const ack = (n: number): string =>
      'MSH|^~\\&|B||A||20250101||ACK^R01|9|P|2.3\rMSA|AE|DOC1\r' +
      `ERR|${reps(n, (i) => `PID^1^3^204&Unknown key ${i}&HL70357`)}\r`;
    const ratio = workGrowth(ack, (text) => parseAck(text, noLimit), N);
    expect(ratio).toBeLessThan(LINEAR_BOUND);
  });

  it('parseClinicalNote: PID-3 repetitions', () => {
    const oru = (n: number): string =>
      'MSH|^~\\&|APP||HNAM||20250102||ORU^R01|C1|P|2.3\r' +
      `PID|1||${reps(n, (i) => `${i}^^^POOL^FIN NBR`)}~7654321^^^NW^MRN\r` +
      'OBR|1||D1|11506-3^Progress note^LN\rOBX|1|TX|11506-3^Progress note^LN|1|line||||||F\r';
    const ratio = workGrowth(oru, (text) => parseClinicalNote(text, noLimit), N);
    expect(ratio).toBeLessThan(LINEAR_BOUND);
    expect(parseClinicalNote(oru(10)).mrn).toBe('7654321');
  });
});

describe('maxRepetitions (#16)', () => {
  const pid3 = (n: number): string =>
    adr(`PID|1||${reps(n, (i) => `${i}^^^NORTHWIND_MRN^MRN`)}||DOE^JANE`);

  it('refuses a field past the default cap (10,000) with a typed parse error naming where', () => {
    expect(parseAdrA19(pid3(10_000)).status).toBe('found');
    let caught: unknown;
    try {
      parseAdrA19(pid3(10_001));
    } catch (e) {
      caught = e;
    }
    expect(Hl7ParseError.isInstance(caught)).toBe(true);
    const e = caught as Hl7ParseError;
    expect(e).toBeInstanceOf(Hl7ParseError);
    expect(e.limit).toBe(Hl7ParseLimit.maxRepetitions);
    expect(e.segment).toBe(3);
    expect(e.field).toBe(3);
    expect(e.message).not.toContain('NORTHWIND');
    expect(e.toJSON()).toMatchObject({ code: 'parse_error', limit: 'maxRepetitions' });
  });

  it('is configurable in parseHl7, parseAdrA19, parseAck and parseClinicalNote', () => {
    const text = pid3(6);
    expect(() => parseHl7(text, { maxRepetitions: 5 })).toThrow(/maxRepetitions \(5\)/);
    expect(parseHl7(text, { maxRepetitions: 6 }).segment('PID')!.repetitions(3)).toHaveLength(6);
    expect(() => parseAdrA19(text, { maxRepetitions: 5 })).toThrow(Hl7ParseError);
    const ack = 'MSH|^~\\&|B||A||20250101||ACK|9|P|2.3\rMSA|AE|D1\rERR|PID^1^3~PID^1^5~PID^1^7\r';
    expect(parseAck(ack, { maxRepetitions: 3 }).errors).toHaveLength(3);
    expect(() => parseAck(ack, { maxRepetitions: 2 })).toThrow(Hl7ParseError);
    const oru = 'MSH|^~\\&|A||B||20250101||ORU^R01|9|P|2.3\rPID|1||1^^^A^MRN~2^^^B^PI\r';
    expect(() => parseClinicalNote(oru, { maxRepetitions: 1 })).toThrow(Hl7ParseError);
    expect(parseHl7(pid3(20_000), { maxRepetitions: Infinity }).segment('PID')).toBeDefined();
  });

  it('counts per field: many repetitions spread over fields pass, MSH-2 is not counted', () => {
    const spread = adr(`PID|1||1~2~3|4~5~6|7~8~9`);
    expect(parseHl7(spread, { maxRepetitions: 3 }).getAll('PID-4')).toEqual(['4', '5', '6']);
    expect(() => parseHl7(spread, { maxRepetitions: 2 })).toThrow(Hl7ParseError);
    expect(() => parseHl7('MSH|^~\\&|A\r', { maxRepetitions: 1 })).not.toThrow();
    expect(() => parseHl7('MSH|^~\\&|A\r', { maxRepetitions: 0 })).toThrow(Hl7ParseError);
  });
});
