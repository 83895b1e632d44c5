import { buildA19Query, buildMdmNote, buildOruNote, parseHl7 } from '@cerner-kit/hl7-adapters';
import { describe, expect, it } from 'vitest';
import { createMockCerner } from '../src/create-mock-cerner.js';
import { handleHl7Message } from '../src/hl7/hl7-listener.js';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('handleHl7Message on mutated messages', () => {
  it('answers (or drops) every one and never fails internally', () => {
    const failures: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (msg: string) => void failures.push(msg),
    };
    const mock = createMockCerner({ logger });
    const seeds = [
      buildA19Query({ mrn: '292392', controlId: 'Q1', includeQrf: true }).toString(),
      buildOruNote({
        mrn: '6930',
        visitNumber: 'FIN97939518',
        text: 'Seen.\nPlan | rest',
        authorId: '1',
        authorName: 'Berg, Anna',
        controlId: 'O1',
      }).toString(),
      buildMdmNote({
        mrn: '6930',
        file: { data: 'JVBERi0=', contentType: 'application/pdf' },
        controlId: 'M1',
        version: '2.5',
      }).toString(),
    ];
    const pieces = [
      '|',
      '^',
      '~',
      '\\',
      '&',
      '\r',
      '\n',
      '""',
      'ED',
      'TX',
      '\\X0\\',
      'PID',
      '\u0000',
      'é',
    ];
    const rnd = prng(20260101);
    const codes = new Set<string>();
    for (let k = 0; k < 3000; k++) {
      let text = seeds[rnd(seeds.length)]!;
      for (let e = 1 + rnd(4); e > 0; e--) {
        const at = rnd(text.length + 1);
        text =
          rnd(2) === 0
            ? text.slice(0, at) + pieces[rnd(pieces.length)]! + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1 + rnd(10));
      }
      const reply = handleHl7Message(mock.state, text);
      if (reply !== undefined) codes.add(parseHl7(reply).get('MSA-1') ?? '');
    }
    expect(failures).toEqual([]);
    expect([...codes].sort()).toEqual(expect.arrayContaining(['AA', 'AE', 'AR']));
  });
});
