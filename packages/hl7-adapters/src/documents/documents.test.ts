import { describe, expect, it } from 'vitest';
import { MDM_T02_TX, ORU_ED_PDF } from '../__fixtures__/messages.js';
import { parseHl7 } from '../codec/parse.js';
import { Hl7Error } from '../errors.js';
import { buildMdmNote } from './build-mdm-note.js';
import { buildOruNote } from './build-oru-note.js';
import type { ClinicalNoteInput } from './clinical-note-input.js';
import { parseClinicalNote } from './parse-clinical-note.js';

const base: ClinicalNoteInput = {
  mrn: '7654321',
  mrnAssigningAuthority: 'NORTHWIND_MRN',
  patientId: '12724066',
  visitNumber: '4400098765',
  encounterId: '97939518',
  authorId: '4321',
  authorName: 'Berg, Anna',
  date: '2025-01-02T09:45:00-05:00',
  sendingApplication: 'CAREAPP',
  sendingFacility: 'CAREFAC',
  receivingApplication: 'HNAM',
  receivingFacility: 'NORTHWIND',
  controlId: 'DOC0001',
  documentId: 'NOTE-1',
  now: () => new Date('2025-01-02T15:00:00Z'),
};
const text =
  'Seen for cough | SpO2 97% ^ RR 16.\n\nPlan: inhaler & review ~2 weeks \\ call if worse.\r\nEnd';

function invalid(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return Hl7Error.isInstance(e) && e.code === 'invalid_input' ? e.inputField : 'other';
  }
  return undefined;
}

describe('buildOruNote', () => {
  it('builds MSH, PID, PV1, ORC, OBR and one escaped TX OBX per line', () => {
    const oru = buildOruNote({ ...base, text, title: 'Clinic visit' });
    const lines = oru.toString().split('\r');
    expect(lines.slice(0, 5)).toEqual([
      'MSH|^~\\&|CAREAPP|CAREFAC|HNAM|NORTHWIND|20250102150000+0000||ORU^R01|DOC0001|P|2.3',
      'PID|1||7654321^^^NORTHWIND_MRN^MRN~12724066^^^^PI',
      'PV1|1||||||||||||||||||4400098765|||||||||||||||||||||||||||||||97939518',
      'ORC|RE||NOTE-1^CAREAPP',
      'OBR|1||NOTE-1^CAREAPP|11506-3^Progress note^LN^^Clinic visit|||20250102094500-0500|||||||||||||||20250102150000+0000|||F|||||||4321&Berg&Anna',
    ]);
    expect(lines[5]).toBe(
      'OBX|1|TX|11506-3^Progress note^LN^^Clinic visit|1|Seen for cough \\F\\ SpO2 97% \\S\\ RR 16.||||||F|||20250102094500-0500||4321^Berg^Anna',
    );
    expect(oru.getAll('OBX-5')).toEqual([
      'Seen for cough | SpO2 97% ^ RR 16.',
      '',
      'Plan: inhaler & review ~2 weeks \\ call if worse.',
      'End',
    ]);
    expect(oru.getAll('OBX-2')).toEqual(['TX', 'TX', 'TX', 'TX']);
  });

  it('sends a file as one ED OBX and keeps text lines before it', () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
    const oru = buildOruNote({
      ...base,
      text: 'See attached.',
      file: { data: bytes, contentType: 'application/pdf' },
    });
    expect(oru.segment('OBX', 2)!.toString()).toBe(
      'OBX|2|ED|11506-3^Progress note^LN|2|^AP^PDF^Base64^JVBERi0x||||||F|||20250102094500-0500||4321^Berg^Anna',
    );
    const mime = buildOruNote({
      ...base,
      file: { data: 'JVBE\r\nRi0x', contentType: 'application/pdf' },
      edStyle: 'mime',
    });
    expect(mime.get('OBX-5.2')).toBe('application');
    expect(mime.get('OBX-5.5')).toBe('JVBERi0x');
    expect(mime.get('OBX-4')).toBe('1');
  });

  it('sends HTML as a TEXT^HTML ED', () => {
    const oru = buildOruNote({ ...base, text: '<p>Hi &amp; bye</p>', contentType: 'text/html' });
    expect(oru.get('OBX-5.2')).toBe('TEXT');
    expect(oru.get('OBX-5.3')).toBe('HTML');
    expect(parseClinicalNote(oru)).toMatchObject({
      text: '<p>Hi &amp; bye</p>',
      contentType: 'text/html',
    });
  });

  it('validates before building, naming the field', () => {
    expect(invalid(() => buildOruNote({ mrn: '1' }))).toBe('text');
    expect(invalid(() => buildOruNote({ text: 'x' }))).toBe('mrn');
    expect(invalid(() => buildOruNote({ mrn: '', text: 'x' }))).toBe('mrn');
    expect(invalid(() => buildOruNote({ mrn: '1', text: '' }))).toBe('text');
    expect(invalid(() => buildOruNote({ mrn: '1', text: 'x', loincCode: 'abc' }))).toBe(
      'loincCode',
    );
    expect(
      invalid(() => buildOruNote({ mrn: '1', text: 'x', contentType: 'text/rtf' as 'text/plain' })),
    ).toBe('contentType');
    expect(
      invalid(() =>
        buildOruNote({ mrn: '1', file: { data: 'not base64!', contentType: 'application/pdf' } }),
      ),
    ).toBe('file.data');
    expect(
      invalid(() => buildOruNote({ mrn: '1', file: { data: '', contentType: 'application/pdf' } })),
    ).toBe('file.data');
    expect(
      invalid(() => buildOruNote({ mrn: '1', file: { data: 'AAAA', contentType: 'pdf' } })),
    ).toBe('file.contentType');
    expect(invalid(() => buildOruNote({ mrn: '1', text: 'x', date: 'yesterday' }))).toBe('date');
    expect(invalid(() => buildOruNote({ mrn: '1', text: 'x', encounterId: ' ' }))).toBe(
      'encounterId',
    );
    expect(invalid(() => buildOruNote({ mrn: '1', text: 'x', controlId: 'x'.repeat(21) }))).toBe(
      'controlId',
    );
  });
});

describe('the createClinicalNote input shape', () => {
  // The keys createClinicalNote (fhir-r4-actions) takes, beside patientId/encounterId/text/title.
  const cernerShaped = {
    patientId: '12724066',
    encounterId: '97939518',
    text: 'Admitted.',
    title: 'Admission',
    noteTypeCode: '2820507',
    noteTypeDisplay: 'Admission Note Physician',
    authorId: '4321',
    periodStart: '2025-01-02T08:30:00-06:00',
    periodEnd: '2025-01-02T09:15:00-06:00',
    creation: '2025-01-02T16:00:00Z',
    docStatus: 'amended' as const,
  };

  it('maps every createClinicalNote field into the ORU, and parseClinicalNote reads them back', () => {
    const oru = buildOruNote({ ...cernerShaped, now: () => new Date('2025-01-02T17:00:00Z') });
    expect(oru.segment('OBR')!.getRaw(4)).toBe(
      '2820507^Admission Note Physician^99CS72^^Admission',
    );
    expect(oru.get('OBX-3.3')).toBe('99CS72');
    expect(oru.get('OBR-7')).toBe('20250102083000-0600');
    expect(oru.get('OBR-8')).toBe('20250102091500-0600');
    expect(oru.get('OBR-22')).toBe('20250102160000+0000');
    expect(oru.get('OBR-25')).toBe('C');
    expect(oru.get('OBX-11')).toBe('C');
    const back = parseClinicalNote(oru.toString());
    expect(back).toMatchObject({
      patientId: '12724066',
      encounterId: '97939518',
      noteTypeCode: '2820507',
      noteTypeDisplay: 'Admission Note Physician',
      date: '2025-01-02T08:30:00-06:00',
      periodEnd: '2025-01-02T09:15:00-06:00',
      status: 'C',
      authorId: '4321',
      text: 'Admitted.',
    });
    expect(back).not.toHaveProperty('loincCode');
  });

  it('uses the period end as the date when it is the only one, and creation as MDM TXA-6', () => {
    const { periodStart: _s, ...endOnly } = cernerShaped;
    const mdm = buildMdmNote(endOnly);
    expect(mdm.get('TXA-2.1')).toBe('2820507');
    expect(mdm.get('TXA-2.3')).toBe('99CS72');
    expect(mdm.get('TXA-4')).toBe('20250102091500-0600');
    expect(mdm.get('TXA-6')).toBe('20250102160000+0000');
    expect(mdm.get('TXA-17')).toBe('AU');
    expect(buildOruNote({ mrn: '1', text: 'x', docStatus: 'final' }).get('OBR-25')).toBe('F');
  });

  it('refuses what it cannot carry instead of dropping it', () => {
    const unknown = { mrn: '1', text: 'x', periodBegin: '2025-01-02T08:30:00Z' };
    expect(invalid(() => buildOruNote(unknown as ClinicalNoteInput))).toBe('periodBegin');
    expect(invalid(() => buildMdmNote(unknown as ClinicalNoteInput))).toBe('periodBegin');
    expect(invalid(() => buildOruNote({ ...cernerShaped, loincCode: '11506-3' }))).toBe(
      'noteTypeCode',
    );
    expect(invalid(() => buildOruNote({ ...cernerShaped, noteTypeCode: '28-5' }))).toBe(
      'noteTypeCode',
    );
    expect(invalid(() => buildOruNote({ mrn: '1', text: 'x', noteTypeDisplay: 'A' }))).toBe(
      'noteTypeDisplay',
    );
    expect(invalid(() => buildOruNote({ ...cernerShaped, status: 'F' }))).toBe('docStatus');
    expect(invalid(() => buildOruNote({ ...cernerShaped, periodEnd: 'later' }))).toBe('periodEnd');
    expect(invalid(() => buildMdmNote(cernerShaped))).toBe('periodEnd');
  });
});

describe('buildMdmNote', () => {
  it('builds MSH, EVN, PID, PV1, TXA and the OBX lines', () => {
    const mdm = buildMdmNote({
      ...base,
      text: 'Line 1\nLine 2',
      version: '2.6',
      title: 'Clinic visit',
    });
    const lines = mdm.toString().split('\r');
    expect(lines[0]).toBe(
      'MSH|^~\\&|CAREAPP|CAREFAC|HNAM|NORTHWIND|20250102150000+0000||MDM^T02^MDM_T02|DOC0001|P|2.6',
    );
    expect(lines[1]).toBe('EVN|T02|20250102150000+0000');
    expect(mdm.get('PV1-2')).toBe('U');
    expect(lines[4]).toBe(
      'TXA|1|11506-3^Progress note^LN|TX|20250102094500-0500|4321^Berg^Anna|20250102094500-0500|||4321^Berg^Anna|||NOTE-1^CAREAPP|||||AU||AV||||||Clinic visit',
    );
    expect(mdm.getAll('OBX-5')).toEqual(['Line 1', 'Line 2']);
    expect(
      buildMdmNote({
        mrn: '1',
        file: { data: 'AAAA', contentType: 'application/pdf' },
        status: 'P',
      }).get('TXA-17'),
    ).toBe('IP');
  });
});

describe('parseClinicalNote', () => {
  it('reads back what the builders wrote', () => {
    for (const build of [buildOruNote, buildMdmNote]) {
      const input = {
        ...base,
        text,
        title: 'Clinic visit',
        file: { data: 'JVBERi0x', contentType: 'application/pdf' },
      };
      const note = parseClinicalNote(build(input).toString());
      expect(note).toEqual({
        messageType: build === buildOruNote ? 'ORU^R01' : 'MDM^T02',
        controlId: 'DOC0001',
        mrn: '7654321',
        mrnAssigningAuthority: 'NORTHWIND_MRN',
        patientId: '12724066',
        visitNumber: '4400098765',
        encounterId: '97939518',
        loincCode: '11506-3',
        loincDisplay: 'Progress note',
        title: 'Clinic visit',
        documentId: 'NOTE-1',
        status: 'F',
        date: '2025-01-02T09:45:00-05:00',
        authorId: '4321',
        authorName: 'Berg, Anna',
        text: text.replace(/\r\n/g, '\n'),
        contentType: 'text/plain',
        file: { data: 'JVBERi0x', contentType: 'application/pdf' },
      });
    }
  });

  it("reads other senders' ORU and MDM", () => {
    expect(parseClinicalNote(ORU_ED_PDF)).toMatchObject({
      mrn: '7654321',
      visitNumber: '4400098765',
      loincCode: '11506-3',
      text: 'Seen for cough; SpO2 97% | RR 16.\nPlan: inhaler & review in 2 weeks.',
      file: { data: 'JVBERi0xLjQKJSVFT0YK', contentType: 'application/pdf' },
      date: '2025-01-02T09:45:00',
      authorId: '4321',
      authorName: 'BERG, ANNA',
    });
    expect(parseClinicalNote(parseHl7(MDM_T02_TX))).toMatchObject({
      mrn: '123123123',
      text: 'First line of the echo report\nSecond line of the echo report',
      authorId: 'IvanD', // TXA-9 originator, before TXA-5
      documentId: '1.2.840.999.1.20210131160038',
    });
    expect(() => parseClinicalNote('MSH|^~\\&|A||||||ADT^A01|1\r')).toThrow(
      expect.objectContaining({ code: 'unsupported_message' }),
    );
  });
});
