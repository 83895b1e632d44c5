import { describe, expect, it } from 'vitest';
import { Hl7Error, Hl7ParseError } from '../errors.js';
import {
  ACK_AR_MALFORMED_MSH2,
  ADR_A19_CERNER,
  ADR_A19_MINIMAL,
  ADT_ESCAPE_AT_END,
  ALL_FIXTURES,
  BAR_NONSTANDARD,
  MDM_T02_TX,
} from '../__fixtures__/messages.js';
import { parseHl7 } from './parse.js';

function parseError(fn: () => unknown): Hl7ParseError {
  try {
    fn();
  } catch (e) {
    expect(Hl7ParseError.isInstance(e)).toBe(true);
    return e as Hl7ParseError;
  }
  throw new Error('expected a parse error');
}

describe('parseHl7', () => {
  it.each(Object.entries(ALL_FIXTURES))('re-encodes %s byte for byte', (_name, text) => {
    expect(parseHl7(text).toString()).toBe(text);
  });

  it('reads header properties', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    expect(msg.type).toBe('ADR^A19');
    expect(msg.controlId).toBe('C7700112');
    expect(msg.version).toBe('2.3');
    expect(msg.get('MSH-1')).toBe('|');
    expect(msg.get('MSH-2')).toBe('^~\\&');
    expect(msg.get('MSH-9.2')).toBe('A19');
    expect(msg.segments).toHaveLength(18);
    expect(parseHl7(MDM_T02_TX).type).toBe('MDM^T02');
  });

  it('reads components, repetitions and escapes', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    expect(msg.get('PID-3.1')).toBe('7654321');
    expect(msg.get('PID-3[2].1')).toBe('55501');
    expect(msg.get('PID-3[4].5')).toBe('FIN NBR');
    expect(msg.getAll('PID-3.5')).toEqual(['MRN', 'CMRN', 'SS', 'FIN NBR']);
    expect(msg.get('PID-5[1].1')).toBe("D'ANGELO-PRICE");
    expect(msg.get('PD1-4.9.2')).toBe('2.16.840.1.113883.4.6');
    expect(msg.get('PV2-3.2')).toBe('Follow-up visit: cough & fever; SpO2 97% | RR 16');
    expect(msg.getAll('NK1-2.1')).toEqual(["D'ANGELO", 'PRICE']);
    expect(msg.get('NK1(2)-2.2')).toBe('ALAN');
    expect(msg.get('NK1[2]-2.2')).toBe('ALAN');
  });

  it('returns undefined for absent positions and "" for empty ones', () => {
    const msg = parseHl7(ADR_A19_CERNER);
    expect(msg.get('ZZZ-1')).toBeUndefined();
    expect(msg.get('PID-99')).toBeUndefined();
    expect(msg.get('PID-3[9]')).toBeUndefined();
    expect(msg.get('PID-4')).toBe('');
    expect(msg.get('PID-4.3')).toBeUndefined();
  });

  it('accepts LF and CRLF segment ends, blank lines and a leading BOM', () => {
    const lf = ADR_A19_CERNER.replace(/\r/g, '\n');
    const crlf = '\uFEFF\r\n' + ADR_A19_CERNER.replace(/\r/g, '\r\n') + '\r\n';
    for (const text of [lf, crlf]) {
      const msg = parseHl7(text);
      expect(msg.segments).toHaveLength(18);
      expect(msg.toString()).toBe(ADR_A19_CERNER);
    }
  });

  it('tolerates a malformed MSH-2 and keeps it', () => {
    const msg = parseHl7(ACK_AR_MALFORMED_MSH2);
    expect(msg.delimiters).toEqual({
      field: '|',
      component: '^',
      repetition: '~',
      escape: '\\',
      subcomponent: '&',
    });
    expect(msg.get('MSH-2')).toBe('^~\\&;');
    expect(msg.get('MSA-1')).toBe('AR');
    expect(msg.toString()).toBe(ACK_AR_MALFORMED_MSH2);
  });

  it('takes a 5th MSH-2 character # as the truncation character', () => {
    const msg = parseHl7('MSH|^~\\&#|A|B|||20200101||ORU^R01|1|P|2.5.1\rOBX|1|ST|x||a\\P\\b#\r');
    expect(msg.delimiters.truncation).toBe('#');
    expect(msg.get('OBX-5')).toBe('a#b#');
    msg.set('OBX-5', 'c#');
    expect(msg.segment('OBX')!.getRaw(5)).toBe('c\\P\\');
  });

  it('uses non-standard delimiters (subcomponent })', () => {
    const msg = parseHl7(BAR_NONSTANDARD);
    expect(msg.delimiters.subcomponent).toBe('}');
    expect(msg.get('IN1-4')).toBe('HEALTH R&D, INC');
    expect(msg.get('IN1-6.1.2')).toBe('DEPT');
    expect(msg.getAll('PID-13')).toEqual(['(314)555-0101', '', '']);
    expect(msg.getAll('PID-14')).toEqual(['', '', '']);
    expect(msg.get('PID-11.2')).toBe('');
    expect(msg.isNull('PID-11.2')).toBe(true);
    expect(msg.isNull('PID-11.6')).toBe(true);
    expect(msg.isNull('PID-11.3')).toBe(false);
  });

  it('reads a component that is only an escaped escape character', () => {
    const msg = parseHl7(ADT_ESCAPE_AT_END);
    expect(msg.get('PID-3[2].2')).toBe('\\');
    expect(msg.get('PID-3[2].4')).toBe('USSSA');
    expect(msg.get('PID-11.5')).toBe('97301?1020');
  });

  it('reads the empty HAPI answer (empty MSH-10 and MSH-12)', () => {
    const msg = parseHl7(ADR_A19_MINIMAL);
    expect(msg.controlId).toBeUndefined();
    expect(msg.version).toBeUndefined();
    expect(msg.get('MSH-13')).toBe('77');
    expect(msg.get('MSH-18')).toBe('UNICODE UTF-8');
  });

  it('throws Hl7ParseError with positions', () => {
    expect(parseError(() => parseHl7('PID|1')).segment).toBe(1);
    expect(parseError(() => parseHl7('')).message).toMatch(/MSH/);
    expect(parseError(() => parseHl7('MSH')).field).toBe(1);
    expect(parseError(() => parseHl7('MSH|')).field).toBe(2);
    expect(parseError(() => parseHl7('MSH|^^\\&|')).field).toBe(2);
    expect(parseError(() => parseHl7('MSH|^~\\&|A\rPID|1\rpid|2\r')).segment).toBe(3);
    expect(parseError(() => parseHl7('MSH|^~\\&|A\rPIDX|1\r')).segment).toBe(2);
    expect(parseError(() => parseHl7('MSH|^~\\&|A\rMSH|^~\\&|B\r')).segment).toBe(2);
    expect(parseError(() => parseHl7(ADR_A19_CERNER, { maxLength: 100 })).message).toMatch(
      /maxLength/,
    );
    expect(parseError(() => parseHl7(42 as unknown as string)).code).toBe('parse_error');
    const e = parseError(() => parseHl7('XYZ'));
    expect(Hl7Error.isInstance(e)).toBe(true);
    expect(e.retryable).toBe(false);
    expect(e).toBeInstanceOf(Hl7ParseError);
  });

  it('defaults the missing delimiters of a short MSH-2', () => {
    const msg = parseHl7('MSH|^~\\|A\rPID|1||a&b^c\r');
    expect(msg.delimiters.subcomponent).toBe('&');
    expect(msg.get('PID-3.1.2')).toBe('b');
  });
});
