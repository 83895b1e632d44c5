#!/usr/bin/env node
// Parses every .hl7 file in a directory with the built package (run `pnpm build` first),
// re-encodes it, and reports whether the segments round-trip. Not part of the test suite.
//   node scripts/check-samples.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHl7 } from '../dist/index.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/check-samples.mjs <directory of .hl7 files>');
  process.exit(2);
}
const d0 = (m) => m.delimiters;
const diffSegments = (a, b) => {
  const out = [];
  a.forEach((seg, i) => {
    if (seg !== b[i])
      out.push(
        `${seg.slice(0, 3)} #${i + 1}: ${JSON.stringify(seg.slice(0, 0))}${describe(seg, b[i] ?? '')}`,
      );
  });
  return out.join('; ') || 'segment count';
};
const describe = (x, y) => {
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `at col ${i}: ${JSON.stringify(x.slice(Math.max(0, i - 8), i + 12))} -> ${JSON.stringify(y.slice(Math.max(0, i - 8), i + 16))}`;
};
const splitSegments = (text) => text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
let failures = 0;
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.hl7'))
  .sort()) {
  const text = readFileSync(join(dir, name), 'latin1');
  let msg;
  try {
    msg = parseHl7(text);
  } catch (e) {
    failures++;
    console.log(`FAIL   ${name}: ${e.code ?? 'error'} ${e.message}`);
    continue;
  }
  const untouched = msg.toString();
  // Force every field to be split and re-joined, so the encoder (not the cached text) is checked.
  const forced = parseHl7(text);
  for (const seg of forced.segments) {
    for (let f = 3; f <= seg.fieldCount; f++) {
      const raw = seg.getRaw(f);
      if (raw !== undefined && !(seg.name === 'MSH' && f <= 2)) seg.setRaw(f, raw);
    }
  }
  const reencoded = forced.toString();
  // Deep: read every subcomponent (unescaped) and write it back (escaped).
  const deep = parseHl7(text);
  for (const seg of deep.segments) {
    for (let f = 1; f <= seg.fieldCount; f++) {
      if (seg.name === 'MSH' && f <= 2) continue;
      (seg.getRaw(f) ?? '').split(d0(deep).repetition).forEach((rep, r) =>
        rep.split(d0(deep).component).forEach((comp, c) =>
          comp.split(d0(deep).subcomponent).forEach((_sub, k) => {
            const path = `${f}[${r + 1}].${c + 1}.${k + 1}`;
            seg.set(path, seg.isNull(path) ? null : seg.get(path));
          }),
        ),
      );
    }
  }
  const deepText = deep.toString();
  const deepNote =
    deepText === text
      ? 'decode+encode of every value: identical'
      : `decode+encode of every value: differs in ${diffSegments(splitSegments(text), splitSegments(deepText))}`;
  const before = splitSegments(text);
  const after = splitSegments(reencoded);
  const exact = untouched === text && reencoded === text;
  const sameSegments = before.length === after.length && before.every((s, i) => s === after[i]);
  const d = msg.delimiters;
  const info = `${msg.type || '?'} v${msg.version ?? '-'} ${msg.segments.length} segments, delimiters ${d.field}${d.component}${d.repetition}${d.escape}${d.subcomponent}${d.truncation ?? ''}`;
  if (exact) console.log(`EXACT  ${name}: ${info}; ${deepNote}`);
  else if (sameSegments)
    console.log(
      `SAME   ${name}: ${info} (segments identical; only terminators differ); ${deepNote}`,
    );
  else {
    failures++;
    const i = before.findIndex((s, k) => s !== after[k]);
    console.log(
      `DIFF   ${name}: ${info}; first differing segment #${i + 1} (${(before[i] ?? '').slice(0, 3)})`,
    );
  }
}
process.exit(failures ? 1 : 0);
