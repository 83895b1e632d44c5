import { Hl7Message } from '@medplum/core';
import { parseHl7 } from '@cerner-kit/hl7-adapters';
import { ADR_A19 } from '../fixtures/adr-a19.js';
import { oruWithEd } from '../fixtures/oru-ed.js';
import { compare, sink, type Batch } from '../sampler.js';
import type { Figure } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** One value position: segment index, field, repetition (1-based), component. */
interface Position {
  seg: number;
  field: number;
  rep: number;
  comp: number;
  /** Our path string, e.g. `3[2].1`, built outside the timed loop. */
  path: string;
}

/**
 * Every (field, repetition, component) position present in the text, found with a naive split
 * outside the timed loop. MSH-1 and MSH-2 (the delimiters) are skipped.
 */
export function positionsOf(text: string): Position[] {
  const out: Position[] = [];
  text
    .split('\r')
    .filter((l) => l.length > 0)
    .forEach((line, seg) => {
      const parts = line.split('|');
      const isMsh = line.startsWith('MSH');
      for (let i = 1; i < parts.length; i++) {
        const field = isMsh ? i + 1 : i;
        if (isMsh && field <= 2) continue;
        parts[i]!.split('~').forEach((repText, r) => {
          const comps = repText.split('^').length;
          for (let c = 1; c <= comps; c++) {
            out.push({ seg, field, rep: r + 1, comp: c, path: `${field}[${r + 1}].${c}` });
          }
        });
      }
    });
  return out;
}

function oursReadAll(text: string, positions: readonly Position[]): number {
  const msg = parseHl7(text);
  const segs = msg.segments;
  let len = 0;
  for (const p of positions) len += segs[p.seg]!.get(p.path)?.length ?? 0;
  return len + msg.toString().length;
}

function medplumReadAll(text: string, positions: readonly Position[]): number {
  const msg = Hl7Message.parse(text);
  const segs = msg.segments;
  let len = 0;
  for (const p of positions) {
    len += segs[p.seg]!.getComponent(p.field, p.comp, undefined, p.rep - 1).length;
  }
  return len + msg.toString().length;
}

interface Variant {
  id: string;
  label: string;
  ours: (text: string) => number;
  medplum: (text: string) => number;
}

function variants(positions: readonly Position[]): Variant[] {
  return [
    {
      id: 'roundtrip',
      label: 'parse + encode (toString)',
      ours: (t) => parseHl7(t).toString().length,
      medplum: (t) => Hl7Message.parse(t).toString().length,
    },
    {
      id: 'read-all',
      label: 'parse + read every component + encode',
      ours: (t) => oursReadAll(t, positions),
      medplum: (t) => medplumReadAll(t, positions),
    },
    {
      id: 'modify',
      label: 'parse + set MSH-10 + encode',
      ours: (t) => {
        const m = parseHl7(t);
        m.set('MSH-10', 'BENCH0001');
        return m.toString().length;
      },
      medplum: (t) => {
        const m = Hl7Message.parse(t);
        m.getSegment('MSH')!.setField(10, 'BENCH0001');
        return m.toString().length;
      },
    },
  ];
}

function batch(fn: (text: string) => number, text: string): Batch {
  return (n: number) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += fn(text);
    sink.value ^= acc;
  };
}

/**
 * `parseHl7` (ours) vs `@medplum/core` `Hl7Message.parse` on the same text: the 2.2 KB ADR^A19
 * and an ORU^R01 with a 1 MiB base64 ED payload. Both parsers are lazy (an unmodified message
 * re-encodes to its source), so besides the plain round trip two variants force the work: reading
 * every component of every field (ours also unescapes, Medplum does not), and changing MSH-10
 * before encoding.
 */
export const hl7Codec: Benchmark = {
  id: 'hl7-codec',
  name: 'HL7 codec',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    const opts = tiny
      ? { samples: 3, sampleMs: 2, warmupMs: 5 }
      : { samples: 15, sampleMs: 60, warmupMs: 300 };
    const fixtures = [
      { id: 'a19', label: `ADR^A19 (${(ADR_A19.length / 1024).toFixed(1)} KB)`, text: ADR_A19 },
      {
        id: 'oru',
        label: tiny ? 'ORU^R01 with a 6 KB ED' : 'ORU^R01 with a 1 MiB base64 ED',
        text: tiny ? oruWithEd(4_096) : oruWithEd(),
      },
    ];
    const rows: BenchRow[] = [];
    for (const fx of fixtures) {
      const positions = positionsOf(fx.text);
      for (const v of variants(positions)) {
        if (v.ours(fx.text) <= 0 || v.medplum(fx.text) <= 0) {
          throw new Error(`hl7 codec: ${v.id} produced nothing`);
        }
        const r = await compare(batch(v.ours, fx.text), batch(v.medplum, fx.text), opts);
        const ratio = r.baseline.median / r.ours.median;
        rows.push({
          id: `hl7-codec.${fx.id}.${v.id}`,
          benchmark: 'HL7 codec',
          case: `${fx.label}: ${v.label}`,
          oursLabel: 'parseHl7',
          ours: r.ours,
          baselineLabel: '@medplum/core Hl7Message',
          baseline: r.baseline,
          ratio,
          ratioLabel: 'baseline / ours (time: speed-up)',
          target: '>= 1.0 (aim 2)',
          met: ratio >= 1,
          notes: [
            ...(v.id === 'read-all'
              ? [
                  `${positions.length} component positions read through Hl7Segment.get('f[r].c') (ours, unescaped) and getComponent(f, c, undefined, r) (Medplum, raw).`,
                ]
              : []),
            ...(ratio >= 1 || v.id !== 'read-all'
              ? []
              : [
                  'Below target: profile with node --cpu-prof (see bench/README.md). Path parsing was the cause once (fixed 2026-11-25 by memoising parseFieldPath).',
                ]),
          ],
        });
        ctx.log(
          `  ${fx.id} ${v.id}: ours ${fmt(r.ours)} vs medplum ${fmt(r.baseline)} (×${ratio.toFixed(2)})`,
        );
      }
    }
    return rows;
  },
};

function fmt(f: Figure): string {
  return `${f.median.toFixed(2)} ${f.unit}`;
}
