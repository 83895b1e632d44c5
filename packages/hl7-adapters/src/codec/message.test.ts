import { describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { ADR_A19_CERNER } from '../__fixtures__/messages.js';
import { createHl7Message } from './message.js';
import { parseHl7 } from './parse.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return Hl7Error.isInstance(e) ? `${e.code}:${e.inputField}` : 'other';
  }
  return undefined;
}

describe('Hl7Message get/set', () => {
  it('builds a message from scratch', () => {
    const msg = createHl7Message();
    msg.set('MSH-3', 'CAREAPP');
    msg.set('MSH-9.1', 'QRY');
    msg.set('MSH-9.2', 'A19');
    msg.set('MSH-10', 'X1');
    msg.set('MSH-12', '2.3');
    msg.addSegment('QRD', '20250101', 'R', 'I', 'X1', null, undefined, ['1', 'RD'], 'A|B');
    expect(msg.toString()).toBe(
      'MSH|^~\\&|CAREAPP||||||QRY^A19|X1||2.3\rQRD|20250101|R|I|X1|""||1^RD|A\\F\\B\r',
    );
    expect(msg.type).toBe('QRY^A19');
    expect(msg.get('QRD-8')).toBe('A|B');
  });

  it('escapes on set, unescapes on get, and adds missing positions', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    msg.set('PID-5[2].3', 'A^B&C');
    expect(msg.segment('PID')!.getRaw(5)).toBe(
      "D'ANGELO-PRICE^ROSA^LYNN^III^MRS^^L~PRICE^ROSA^A\\S\\B\\T\\C^^^^M",
    );
    expect(msg.get('PID-5[2].3')).toBe('A^B&C');
    msg.set('PID-3[6].4.2', 'x');
    expect(msg.get('PID-3[5]')).toBe('');
    expect(msg.get('PID-3[6].4.2')).toBe('x');
    expect(msg.getAll('PID-3.1')).toEqual([
      '7654321',
      '55501',
      '987-65-4320',
      '4400098765',
      '',
      '',
    ]);
    msg.set('PID-40', 'far');
    expect(msg.segment('PID')!.fieldCount).toBe(40);
    expect(parseHl7(msg.toString()).get('PID-40')).toBe('far');
  });

  it('writes "" for null and reads it back as empty, distinguishable with isNull', () => {
    const msg = createHl7Message();
    msg.set('PID-8', null);
    msg.set('PID-9', '');
    msg.set('PID-10', '""');
    const back = parseHl7(msg.toString());
    expect(back.segment('PID')!.toString()).toBe('PID||||||||""||\\X22\\"');
    expect(back.get('PID-8')).toBe('');
    expect(back.isNull('PID-8')).toBe(true);
    expect(back.isNull('PID-9')).toBe(false);
    expect(back.get('PID-10')).toBe('""');
    expect(back.isNull('PID-10')).toBe(false);
  });

  it('set without [rep] replaces the first repetition only', () => {
    const msg = parseHl7('MSH|^~\\&\rPID|1||a~b\r');
    msg.set('PID-3', 'z');
    expect(msg.getAll('PID-3')).toEqual(['z', 'b']);
  });

  it('appends the next occurrence of a segment and refuses gaps', () => {
    const msg = createHl7Message();
    msg.set('OBX-1', '1');
    msg.set('OBX(2)-1', '2');
    expect(msg.getAll('OBX-1')).toEqual(['1', '2']);
    expect(code(() => msg.set('OBX(4)-1', '4'))).toBe('invalid_input:path');
  });

  it('refuses bad writes with invalid_input', () => {
    const msg = createHl7Message();
    expect(code(() => msg.set('MSH-1', '#'))).toBe('invalid_input:path');
    expect(code(() => msg.set('MSH-2', '#'))).toBe('invalid_input:path');
    expect(code(() => msg.addSegment('MSH'))).toBe('invalid_input:name');
    expect(code(() => msg.addSegment('pid'))).toBe('invalid_input:name');
    expect(code(() => msg.segment('MSH')!.setRaw(3, 'a\rb'))).toBe('invalid_input:raw');
    expect(code(() => createHl7Message({ delimiters: { component: '|' } }))).toBe(
      'invalid_input:delimiters',
    );
    expect(code(() => createHl7Message({ delimiters: { component: 'A' } }))).toBe(
      'invalid_input:delimiters',
    );
  });

  it('encodes with custom delimiters and terminators', () => {
    const msg = createHl7Message({ delimiters: { field: '#', subcomponent: '}' } });
    msg.addSegment('PID', '1', ['a&b', 'c}d']);
    expect(msg.toString({ segmentTerminator: '\n' })).toBe('MSH#^~\\}\nPID#1#a&b^c\\T\\d\n');
    expect(parseHl7(msg.toString()).get('PID-2.2')).toBe('c}d');
  });

  it('re-encodes only the segments that changed', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    msg.set('MSH-10', 'NEW1');
    const lines = msg.toString().split('\r');
    expect(lines[0]).toBe(
      'MSH|^~\\&|HNAM|NORTHWIND|ADAPTER|CAREAPP|20250102093012||ADR^A19|NEW1|P|2.3||||||8859/1',
    );
    expect(lines.slice(1).join('\r')).toBe(ADR_A19_CERNER.split('\r').slice(1).join('\r'));
  });
});

describe('Hl7Message toString after structural changes', () => {
  it('does not return the parsed text once segments are added, removed or replaced', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    msg.addSegment('ZX1', 'added');
    expect(msg.toString().endsWith('ZX1|added\r')).toBe(true);
    msg.segments.pop();
    expect(msg.toString()).toBe(ADR_A19_CERNER);
    msg.segments.splice(1, 1);
    expect(msg.toString()).not.toContain('MSA|');
  });
});
