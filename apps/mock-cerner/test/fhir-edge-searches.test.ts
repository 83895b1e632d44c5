import type request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import {
  CLIENT,
  advanceClock,
  base,
  get,
  mock,
  note,
  post,
  useFhirEdgeMock,
  useToken,
} from './fhir-edge-setup.js';

useFhirEdgeMock();

describe('searches', () => {
  it('Patient: _id list, name/family/given/birthdate/phone/email/postal filters, gender only with another param, repeats 400', async () => {
    const ids = (r: request.Response): string[] =>
      ((r.body as { entry?: { resource: { id: string } }[] }).entry ?? []).map(
        (e) => e.resource.id,
      );
    expect(
      ids(await get(`Patient?_id=${SEED_IDS.patients.wilma},${SEED_IDS.patients.nancy}`)),
    ).toEqual([SEED_IDS.patients.wilma, SEED_IDS.patients.nancy]);
    expect(ids(await get('Patient?family=smart'))).toEqual([SEED_IDS.patients.smartJoe]);
    expect(ids(await get('Patient?family:exact=smart'))).toEqual([]);
    expect(ids(await get('Patient?given=wil&birthdate=1984-11-02'))).toEqual([
      SEED_IDS.patients.wilma,
    ]);
    expect(ids(await get('Patient?birthdate=ge1980&birthdate=lt1985'))).toEqual([
      SEED_IDS.patients.wilma,
    ]);
    expect(ids(await get('Patient?phone=816-555-0101'))).toEqual([SEED_IDS.patients.smartJoe]);
    expect(ids(await get('Patient?email=NANCY.SAMPLE@example.org'))).toEqual([
      SEED_IDS.patients.nancy,
    ]);
    expect(ids(await get('Patient?address-postalcode=64117&gender=female'))).toEqual([
      SEED_IDS.patients.wilma,
      SEED_IDS.patients.nancy,
    ]);
    expect((await get('Patient?gender=female')).status).toBe(400);
    expect((await get('Patient?_count=5')).body.issue[0].details.text).toBe(
      'at least one of _id, identifier, name, family, given, birthdate, phone, email, address-postalcode, or -pageContext must be provided',
    );
    expect((await get('Patient?name=a,b')).status).toBe(400);
    expect((await get('Patient?identifier=|292392')).body.total).toBe(0);
    expect((await get('Patient?identifier=urn:oid:2.16.840.1.113883.6.1000|')).status).toBe(400);
  });
  it('Patient: an invalid birthdate value is a 400 OperationOutcome, not an empty or full match', async () => {
    for (const bad of [
      'birthdate=xyz',
      'birthdate=1984-11-02T10:00:00Z', // Cerner takes no time part
      'birthdate=1984-13',
      'birthdate=sa1984',
      'birthdate=ge1980&birthdate=ge1990', // two bounds must be a lower and an upper
      'birthdate=ge1980&birthdate=lt1985&birthdate=1984',
    ]) {
      const r = await get(`Patient?family=testpatient&${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'invalid',
            details: { text: expect.stringContaining('birthdate') },
          },
        ],
      });
    }
    expect((await get('Patient?birthdate=le1984-11-02&birthdate=gt1984')).status).toBe(200);
  });
  it('Encounter: an empty patient or a subject that is not a Patient is a 400, not an empty Bundle', async () => {
    for (const bad of ['patient=', 'subject=', 'subject=Practitioner/1', 'subject:Patient=']) {
      const r = await get(`Encounter?${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.issue[0]).toMatchObject({ code: 'invalid' });
    }
  });
  it('Encounter: subject forms, _id list, status and date filters, _count, previous links, expired pageContext', async () => {
    const ids = (r: request.Response): string[] =>
      ((r.body as { entry?: { resource: { id: string } }[] }).entry ?? []).map(
        (e) => e.resource.id,
      );
    const joe = SEED_IDS.patients.smartJoe;
    expect(ids(await get(`Encounter?subject=Patient/${joe}`))).toEqual([...SEED_IDS.encounters]);
    expect(ids(await get(`Encounter?subject:Patient=${joe}`))).toEqual([...SEED_IDS.encounters]);
    expect(
      ids(await get(`Encounter?_id=${SEED_IDS.encounters[2]},${SEED_IDS.encounters[0]}`)),
    ).toEqual([SEED_IDS.encounters[2], SEED_IDS.encounters[0]]);
    expect(ids(await get(`Encounter?patient=${joe}&status=in-progress`))).toEqual([
      SEED_IDS.encounters[3],
    ]);
    expect(
      ids(
        await get(
          `Encounter?patient=${joe}&date=ge2020-01-01T00:00:00Z&date=lt2022-01-01T00:00:00Z`,
        ),
      ),
    ).toEqual([SEED_IDS.encounters[1], SEED_IDS.encounters[2]]);
    expect((await get(`Encounter?patient=${joe}&date=2020`)).status).toBe(400);
    expect((await get(`Encounter?_id=${SEED_IDS.encounters[0]}&status=finished`)).status).toBe(400);
    const none = await get('Encounter?patient=999');
    expect(none.body).toMatchObject({ total: 0 });
    expect('entry' in none.body).toBe(false);

    const many = SEED_IDS.patients.manyEncounters;
    const first = await get(`Encounter?patient=${many}&_count=20`);
    // Cerner's short first page (§E.2): 16 of 20, with a next link.
    expect(first.body.entry).toHaveLength(16);
    expect(first.body.total).toBeUndefined();
    expect(first.body.link[0]).toEqual({
      relation: 'self',
      url: expect.stringMatching(new RegExp(`${base}/Encounter\\?patient=${many}&_count=20$`)),
    });
    const next = first.body.link.find((l: { relation: string }) => l.relation === 'next')
      .url as string;
    expect(next).toMatch(/&_count=20&-pageContext=[A-Za-z0-9_-]+&-pageDirection=NEXT$/);
    const second = await get(next.slice(next.indexOf('/Encounter') + 1));
    // …and the next page starts with the first page's last id (ids 16-25 of 25).
    expect(second.body.entry).toHaveLength(10);
    expect(second.body.entry[0].resource.id).toBe(first.body.entry[15].resource.id);
    expect(second.body.link.map((l: { relation: string }) => l.relation)).toEqual([
      'self',
      'previous',
    ]);
    const previous = second.body.link[1].url as string;
    expect(previous).toContain('-pageDirection=PREVIOUS');
    expect(ids(await get(previous.slice(previous.indexOf('/Encounter') + 1)))).toEqual(ids(first));
    const starts = [...first.body.entry, ...second.body.entry].map(
      (e: { resource: { period: { start: string } } }) => e.resource.period.start,
    );
    expect(starts).toEqual([...starts].sort());
    advanceClock(31 * 60_000);
    useToken((await mock.state.accessTokens.issue(CLIENT, [...ACTION_SCOPES])).token);
    const expired = await get(next.slice(next.indexOf('/Encounter') + 1));
    expect(expired.status).toBe(400);
    expect(expired.body.issue[0]).toMatchObject({ code: 'invalid' });
  });
});

describe('DocumentReference and Binary', () => {
  it('creates with a codeSet 72 type, serves the Binary as FHIR JSON and raw, and searches by encounter', async () => {
    const created = await post(
      'DocumentReference',
      note('<html><body>Synthetic note</body></html>', 'application/xml;charset=utf-8'),
    );
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.headers['content-type']).toBe('text/html');
    const id = /\/DocumentReference\/(\d+)$/.exec(created.headers.location!)![1]!;
    const doc = (await get(`DocumentReference/${id}`)).body;
    expect(doc.content[0].attachment).toEqual({
      contentType: 'application/xml;charset=utf-8',
      title: 'Synthetic',
      creation: '2026-11-25T09:00:00.000Z',
      url: expect.stringMatching(new RegExp(`/Binary/XML-${id}$`)),
    });
    expect(doc.identifier[0].system).toBe('https://fhir.cerner.com/ceuuid');
    const bin = await get(`Binary/XML-${id}`);
    expect(bin.body).toMatchObject({
      resourceType: 'Binary',
      id: `XML-${id}`,
      contentType: 'application/xml;charset=utf-8',
    });
    expect(Buffer.from(bin.body.data, 'base64').toString()).toBe(
      '<html><body>Synthetic note</body></html>',
    );
    const raw = await get(`Binary/XML-${id}`)
      .set('Accept', 'application/xml')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks).toString()));
      });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/xml;charset=utf-8');
    expect(raw.body).toBe('<html><body>Synthetic note</body></html>');
    expect((await get(`Binary/XML-${id}`).set('Accept', 'application/pdf')).status).toBe(406);
    expect((await get(`Binary/XR-${id}`)).status).toBe(404);
    expect((await get('Binary/XML-424242')).status).toBe(404);
    const binaryOnly = (await mock.state.accessTokens.issue(CLIENT, ['system/Binary.read'])).token;
    expect((await get(`Binary/XML-${id}`, binaryOnly)).status).toBe(200);
    const patientOnly = (await mock.state.accessTokens.issue(CLIENT, ['system/Patient.read']))
      .token;
    expect((await get(`Binary/XML-${id}`, patientOnly)).status).toBe(403);
    expect((await get(`DocumentReference?patient=${SEED_IDS.patients.nancy}`)).body.total).toBe(1);
    expect(
      (await get(`DocumentReference?subject=Patient/${SEED_IDS.patients.nancy}&encounter=1`)).body
        .total,
    ).toBe(0);
    expect(
      (await get(`DocumentReference?_id=${id}`)).body.entry[0].resource.content[0].attachment.data,
    ).toBeUndefined();
    expect((await get('DocumentReference')).status).toBe(400);
  });
  it('applies the §G.1 rules', async () => {
    const base422 = JSON.parse(note('x')) as Record<string, unknown>;
    const cases: [Record<string, unknown>, string][] = [
      [{ docStatus: 'preliminary' }, 'docStatus'],
      [{ type: { coding: [{ system: 'http://snomed.info/sct', code: '1' }] } }, 'type.coding'],
      [
        {
          type: {
            coding: [
              { system: `https://fhir.cerner.com/${mock.tenantId}/codeSet/72`, code: '1' },
              { system: `https://fhir.cerner.com/${mock.tenantId}/codeSet/72`, code: '2' },
            ],
          },
        },
        'type.coding',
      ],
      [{ subject: { reference: 'Group/1' } }, 'subject'],
      [{ author: [{ reference: 'Organization/675844' }] }, 'author'],
      [{ content: [] }, 'content'],
      [
        { content: [{ attachment: { contentType: 'text/csv;charset=utf-8', data: 'eA==' } }] },
        'content[0].attachment.contentType',
      ],
      [
        { content: [{ attachment: { contentType: 'text/plain;charset=utf-8' } }] },
        'content[0].attachment.data',
      ],
      [{ context: { period: { end: '2026-11-25' } } }, 'context.period.end'],
      [
        {
          context: {
            period: { end: '2026-11-25T10:00:00Z' },
            encounter: [{ reference: 'Encounter/1' }, { reference: 'Encounter/2' }],
          },
        },
        'context.encounter',
      ],
      [
        {
          context: {
            period: { end: '2026-11-25T10:00:00Z' },
            encounter: [{ reference: 'Encounter/1' }],
          },
        },
        'context.encounter[0]',
      ],
    ];
    for (const [override, field] of cases) {
      const r = await post('DocumentReference', JSON.stringify({ ...base422, ...override }));
      expect(r.status, field).toBe(422);
      expect(
        r.body.issue.map((i: { expression: string[] }) => i.expression[0]),
        field,
      ).toContain(field);
    }
    const pdf = await post(
      'DocumentReference',
      JSON.stringify({
        ...base422,
        content: [
          {
            attachment: {
              contentType: 'application/pdf',
              data: Buffer.from('%PDF-1.4').toString('base64'),
            },
          },
        ],
      }),
    );
    expect(pdf.status).toBe(201);
    expect(pdf.headers.location).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/r4\/ec2458f2-1e24-41c8-b71b-0e701af7583d\/DocumentReference\/\d+$/,
    );
  });
});
