import type { AddressInfo } from 'node:net';
import { Hl7Message } from '@medplum/core';
import { Hl7Client, Hl7Server } from '@medplum/hl7';
import { buildAck, createMllpClient, createMllpServer, parseHl7 } from '@cerner-kit/hl7-adapters';
import { compare, sink } from '../sampler.js';
import { scaleFigure, type Figure } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** A small ORU^R01 note (about 500 bytes) with the given control id. */
export function noteMessage(controlId: string): string {
  return (
    [
      `MSH|^~\\&|BENCH_APP|BENCH_FAC|HNAM|NORTHWIND_HOSP|20261124101500||ORU^R01|${controlId}|P|2.3`,
      "PID|1||7654321^^^NORTHWIND_MRN^MRN||O'BRIEN-SMITH^MARY^E||19800812|F",
      'PV1|1|O|||||||||||||||||4400098765',
      'ORC|RE||DOC0000001^BENCH_APP',
      'OBR|1||DOC0000001^BENCH_APP|11506-3^Progress note^LN|||20261124101000|||||||||||||||20261124101500|||F',
      'OBX|1|TX|11506-3^Progress note^LN||Seen today for follow-up. Blood pressure well controlled.||||||F',
      'OBX|2|TX|11506-3^Progress note^LN||Plan: continue current medication, recheck in 3 months.||||||F',
    ].join('\r') + '\r'
  );
}

/**
 * Sequential request/ACK round trips over loopback: our `createMllpServer`/`createMllpClient`
 * (the server parses the message and builds an AA ACK; the client reads MSA-1 of the reply) vs
 * `@medplum/hl7` `Hl7Server`/`Hl7Client` doing the same (`buildAck`, `sendAndWait`).
 */
export const mllp: Benchmark = {
  id: 'mllp',
  name: 'MLLP',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    let seq = 0;
    const nextId = (): string => `B${(seq++).toString().padStart(12, '0')}`;

    const ourServer = createMllpServer({
      onMessage: (m) => buildAck(parseHl7(m), { code: 'AA' }).toString(),
    });
    const { port: ourPort } = await ourServer.listen();
    const ourClient = createMllpClient({ host: '127.0.0.1', port: ourPort });

    const mpServer = new Hl7Server((conn) => {
      conn.addEventListener('message', ({ message }) => conn.send(message.buildAck()));
    });
    await mpServer.start(0);
    const mpPort = (mpServer.server!.address() as AddressInfo).port;
    const mpClient = new Hl7Client({ host: '127.0.0.1', port: mpPort });
    try {
      const ours = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const reply = await ourClient.send(noteMessage(nextId()));
          if (parseHl7(reply).get('MSA-1') !== 'AA') {
            throw new Error('mllp: ours did not answer AA');
          }
        }
      };
      const medplum = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const reply = await mpClient.sendAndWait(Hl7Message.parse(noteMessage(nextId())));
          if (reply.getSegment('MSA')?.getField(1)?.toString() !== 'AA') {
            throw new Error('mllp: medplum did not answer AA');
          }
        }
      };
      await ours(1);
      await medplum(1);
      sink.value++;
      const opts = tiny
        ? { samples: 3, sampleMs: 5, warmupMs: 10 }
        : { samples: 21, sampleMs: 150, warmupMs: 800 };
      const r = await compare(ours, medplum, opts);
      // µs per round trip -> round trips per second.
      const perSecond = (f: Figure): Figure => {
        const s = scaleFigure(f, 1, 'round trips/s');
        return {
          ...s,
          median: 1e6 / f.median,
          p10: 1e6 / f.p90,
          p90: 1e6 / f.p10,
          min: 1e6 / f.max,
          max: 1e6 / f.min,
        };
      };
      const o = perSecond(r.ours);
      const b = perSecond(r.baseline);
      const ratio = o.median / b.median;
      return [
        {
          id: 'mllp',
          benchmark: 'MLLP',
          case: 'sequential ORU^R01 → AA ACK round trips, loopback, one connection',
          oursLabel: 'createMllpClient → createMllpServer',
          ours: o,
          baselineLabel: '@medplum/hl7 Hl7Client → Hl7Server',
          baseline: b,
          ratio,
          ratioLabel: 'ours / baseline (round trips/s)',
          target: '>= 1.0',
          met: ratio >= 1,
          notes: [
            `Median round trip: ours ${r.ours.median.toFixed(0)} µs, @medplum/hl7 ${r.baseline.median.toFixed(0)} µs.`,
          ],
        },
      ];
    } finally {
      await ourClient.close();
      await ourServer.close();
      await mpClient.close();
      await mpServer.stop({ forceDrainTimeoutMs: 0 });
    }
  },
};
