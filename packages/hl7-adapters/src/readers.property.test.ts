import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString } from './__fixtures__/arbitraries.js';
import { ALL_FIXTURES } from './__fixtures__/messages.js';
import { workGrowth } from './__fixtures__/work-counter.js';
import { parseAdrA19 } from './a19/parse-adr-a19.js';
import { parseAck } from './ack/parse-ack.js';
import { parseHl7 } from './codec/parse.js';
import { parseClinicalNote } from './documents/parse-clinical-note.js';
import { Hl7Error } from './errors.js';

// Issue #16: parseHl7 / parseAdrA19 / parseAck (and parseClinicalNote, which the mock's ORU
// receiver runs on unauthenticated input) only ever throw this package's errors, and their work
// grows linearly with the message, whatever the message holds.

/** Each fixture, and each fixture re-labelled ADR^A19 / ORU^R01 with an MSA, so every reader maps it. */
function relabel(text: string, type: string): string {
  const lines = text.split('\r').filter(Boolean);
  const msh = lines[0]!.split('|');
  msh[8] = type;
  const rest = lines.slice(1).filter((l) => !l.startsWith('MSA'));
  return [msh.join('|'), 'MSA|AA|Q1|ok', ...rest].join('\r') + '\r';
}
const BASES = Object.values(ALL_FIXTURES).flatMap((t) => [
  t,
  relabel(t, 'ADR^A19'),
  relabel(t, 'ORU^R01'),
]);

const delimiterRich = fc.string({
  unit: fc.constantFrom(
    '|',
    '^',
    '~',
    '\\',
    '&',
    '\r',
    '\n',
    '"',
    'X',
    '0',
    'D',
    '.',
    'b',
    'r',
    'E',
  ),
  maxLength: 12,
});
const insertText = fc.oneof(
  anyString({ maxLength: 12, loneSurrogates: true }),
  delimiterRich,
  fc.constantFrom(
    '~',
    '~~~~',
    '^^^^^^^^^^^^^^^^^^',
    '\\X',
    '\\XZZ\\',
    '&&&&',
    '""',
    '\rPID|',
    '\rERR|',
  ),
);
const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertText }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
    times: fc.integer({ min: 2, max: 40 }),
  }),
);

interface Edit {
  kind: 'insert' | 'delete' | 'repeat';
  at: number;
  text?: string;
  length?: number;
  times?: number;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    if (e.kind === 'insert') out = out.slice(0, at) + (e.text ?? '') + out.slice(at);
    else if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + (e.length ?? 1));
    else {
      const piece = out.slice(at, at + (e.length ?? 1));
      out = out.slice(0, at) + piece.repeat(e.times ?? 2) + out.slice(at);
    }
  }
  return out;
}

const OURS = new Set(['parse_error', 'unsupported_message']);

function throwsOnlyOurs(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(Hl7Error.isInstance(err), `threw ${String(err)}`).toBe(true);
    expect(OURS.has((err as Hl7Error).code)).toBe(true);
  }
}

describe('readers on hostile input (#16)', () => {
  it('only throw Hl7ParseError (text) or Hl7Error unsupported_message (shape)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        (base, edits) => {
          const text = applyEdits(base, edits);
          let parsedOk = true;
          try {
            parseHl7(text);
          } catch (err) {
            parsedOk = false;
            expect(Hl7Error.isInstance(err) && (err as Hl7Error).code === 'parse_error').toBe(true);
          }
          throwsOnlyOurs(() => parseAdrA19(text, { tenantId: 'x' }));
          throwsOnlyOurs(() => parseAck(text));
          throwsOnlyOurs(() => parseClinicalNote(text));
          if (!parsedOk) expect(() => parseAck(text)).toThrow(/./);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('stay linear: repeating any field 4x more often costs about 4x the work, never 16x', () => {
    // A field of a fixture (chosen at random) is filled with n, then 4n, copies of a unit (its
    // own content, or generated text); every reader's counted work must grow about 4x.
    const unit = fc.oneof(
      fc.constant(''),
      anyString({ maxLength: 10 }).map((s) => s.replace(/[\r\n|~]/g, '')),
      fc.constantFrom(
        '1^^^A^MRN',
        'A^B^C^D^E^F^G^H',
        '\\X41\\\\.br\\x',
        '""',
        'x@y.org^NET^Internet',
      ),
    );
    // Any segment and field, with the fields readers walk repetition by repetition drawn often.
    const target = fc.oneof(
      fc.record({
        segment: fc.constant(''),
        pick: fc.nat(),
        field: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        segment: fc.constant('PID'),
        pick: fc.constant(0),
        field: fc.constantFrom(2, 3, 4, 5, 9, 11, 13, 14),
      }),
      fc.record({
        segment: fc.constantFrom('ERR', 'QRD', 'OBX', 'MSA'),
        pick: fc.constant(0),
        field: fc.constantFrom(1, 3, 5, 8),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES.filter((b) => b.includes('MSA|'))),
        target,
        unit,
        (base, { segment, pick, field }, u) => {
          const lines = base.split('\r').filter(Boolean);
          const named = lines.findIndex((l) => l.startsWith(`${segment}|`));
          // never MSH; a named segment the message lacks is added
          if (segment && named < 0) lines.push(`${segment}|`);
          const s = segment
            ? named < 0
              ? lines.length - 1
              : named
            : 1 + (pick % (lines.length - 1));
          const build = (n: number): string => {
            const fields = lines[s]!.split('|');
            while (fields.length <= field) fields.push('');
            const own = (fields[field] ?? '').split('~')[0] ?? '';
            fields[field] = Array.from({ length: n }, () => u || own).join('~');
            const copy = [...lines];
            copy[s] = fields.join('|');
            return copy.join('\r') + '\r';
          };
          const opts = { maxRepetitions: Infinity };
          for (const run of [
            (t: string) => throwsOnlyOurs(() => parseAdrA19(t, opts)),
            (t: string) => throwsOnlyOurs(() => parseAck(t, opts)),
            (t: string) => throwsOnlyOurs(() => parseClinicalNote(t, opts)),
          ]) {
            expect(workGrowth(build, run, 150)).toBeLessThan(6);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
