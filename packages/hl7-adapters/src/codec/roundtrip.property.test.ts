import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString } from '../__fixtures__/arbitraries.js';
import { ALL_FIXTURES } from '../__fixtures__/messages.js';
import { Hl7ParseError } from '../errors.js';
import { escapeHl7, unescapeHl7 } from './escape.js';
import { createHl7Message } from './message.js';
import { parseHl7 } from './parse.js';

/** Strings rich in delimiters, escapes, CR/LF and arbitrary unicode (lone surrogates included). */
const nasty = fc.oneof(
  anyString({ loneSurrogates: true }),
  fc.string({
    unit: fc.constantFrom(
      '|',
      '^',
      '~',
      '\\',
      '&',
      '#',
      '}',
      '\r',
      '\n',
      '"',
      'F',
      'S',
      'X',
      '0',
      'D',
      '.',
      'b',
      'r',
      ' ',
    ),
  }),
  fc.constantFrom('""', '\\', '\\E\\', '\\X0D\\', '\\.br\\', '"', ''),
);
const delimiterSets = fc.constantFrom(
  {},
  { subcomponent: '}' },
  { field: '#', component: '*', repetition: '!', escape: '@', subcomponent: '%' },
  { truncation: '#' },
);
const position = fc.record({
  segment: fc.constantFrom('PID', 'OBX', 'ZZ1'),
  field: fc.integer({ min: 1, max: 12 }),
  repetition: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  component: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  subcomponent: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

function pathOf(p: {
  segment: string;
  field: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
}): string {
  let path = `${p.segment}-${p.field}`;
  if (p.repetition !== undefined) path += `[${p.repetition}]`;
  if (p.component !== undefined) {
    path += `.${p.component}`;
    if (p.subcomponent !== undefined) path += `.${p.subcomponent}`;
  }
  return path;
}

describe('codec properties', () => {
  it('escapeHl7 then unescapeHl7 is the identity', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        expect(unescapeHl7(escapeHl7(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('any string set anywhere reads back unchanged after toString + parseHl7', () => {
    fc.assert(
      fc.property(
        delimiterSets,
        fc.array(fc.tuple(position, nasty), { minLength: 1, maxLength: 6 }),
        (delims, writes) => {
          const msg = createHl7Message({ delimiters: delims });
          msg.set('MSH-9', 'ORU^R01');
          for (const [p, value] of writes) msg.set(pathOf(p), value);
          const back = parseHl7(msg.toString());
          // Only the last write of a position is expected; a later write to a containing position wins.
          const [lastP, lastValue] = writes[writes.length - 1]!;
          expect(back.get(pathOf(lastP))).toBe(lastValue);
          expect(back.toString()).toBe(msg.toString());
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('every independent write survives the round trip', () => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 8 }), (values) => {
        const msg = createHl7Message();
        values.forEach((v, i) => msg.set(`ZZ1-${i + 1}[2].3.2`, v));
        const back = parseHl7(msg.toString({ segmentTerminator: '\r\n' }));
        values.forEach((v, i) => expect(back.get(`ZZ1-${i + 1}[2].3.2`)).toBe(v));
      }),
    );
  });

  it('mutated messages parse or throw Hl7ParseError, and never hang', () => {
    const texts = Object.values(ALL_FIXTURES);
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: nasty }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(edit, { minLength: 1, maxLength: 5 }),
        (original, edits) => {
          let text = original;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
            else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
            else text = text.slice(0, at);
          }
          let msg;
          try {
            msg = parseHl7(text);
          } catch (err) {
            expect(Hl7ParseError.isInstance(err)).toBe(true);
            return;
          }
          // Whatever parsed can be read everywhere and re-encoded without throwing.
          for (const seg of msg.segments) {
            for (let f = 1; f <= seg.fieldCount; f++) {
              seg.getAll(`${f}.1.1`);
              seg.get(`${f}[2].2`);
            }
          }
          void msg.type;
          expect(typeof msg.toString()).toBe('string');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
