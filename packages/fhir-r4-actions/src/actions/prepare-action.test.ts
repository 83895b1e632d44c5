import { describe, expect, it } from 'vitest';
import { BASE } from '../__fixtures__/cerner-payloads.js';
import { created, fakeFetch } from '../__fixtures__/fake-fetch.js';
import { NOW, testClient } from '../__fixtures__/test-client.js';
import { FhirActionError } from '../errors.js';
import { prepareAction, runPrepared } from './prepare-action.js';

const note = { patientId: '4400001', encounterId: '9100001', text: ' Seen today. ' };
const LATER = NOW + 3 * 86_400_000;

describe('prepareAction', () => {
  it('fixes the note period from the clock at prepare time, as plain JSON', () => {
    const prepared = prepareAction('createClinicalNote', note, { now: () => NOW });
    expect(prepared).toEqual({
      key: 'createClinicalNote',
      input: {
        ...note,
        periodStart: '2026-11-25T10:00:00.000Z',
        periodEnd: '2026-11-25T10:00:00.000Z',
      },
    });
    expect(JSON.parse(JSON.stringify(prepared))).toEqual(prepared);
  });

  it('runs later, on a client with another clock, with the same request as running now', async () => {
    const direct = fakeFetch(() => created(`${BASE}/DocumentReference/1`));
    await testClient(direct).client.createClinicalNote(note); // the test client's clock: NOW
    const stored = JSON.stringify(prepareAction('createClinicalNote', note, { now: () => NOW }));

    const later = fakeFetch(() => created(`${BASE}/DocumentReference/1`));
    const { client } = testClient(later, { now: () => LATER });
    expect(await runPrepared(client, JSON.parse(stored))).toEqual({ id: '1' });
    expect(later.calls[0]!.body).toBe(direct.calls[0]!.body);
    // Not prepared, the same input on the later client takes the later clock.
    await client.createClinicalNote(note);
    expect(later.calls[1]!.body).not.toBe(direct.calls[0]!.body);
  });

  it('keeps a given period (normalised to the same instants)', () => {
    const { input } = prepareAction(
      'createClinicalNote',
      { ...note, periodStart: '2026-11-20T09:00:00+01:00', periodEnd: '2026-11-20T09:30:00Z' },
      { now: () => NOW },
    );
    expect(input).toMatchObject({
      periodStart: '2026-11-20T08:00:00.000Z',
      periodEnd: '2026-11-20T09:30:00.000Z',
    });
  });

  it('validates before any network call, naming the field', () => {
    const cases: [() => unknown, string][] = [
      [() => prepareAction('createClinicalNote', { ...note, text: ' ' }), 'text'],
      [
        () =>
          prepareAction(
            'createClinicalNote',
            { ...note, periodStart: '2026-11-26T10:00:00Z' },
            {
              now: () => NOW,
            },
          ),
        'periodStart',
      ],
      [
        () => prepareAction('createClinicalNote', { ...note, noteTypeDisplay: 'Progress' }),
        'noteTypeDisplay',
      ],
      [() => prepareAction('getPatient', { patientId: 'a/b' }), 'patientId'],
      [() => prepareAction('nope' as never, {} as never), 'key'],
    ];
    for (const [f, field] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(FhirActionError.isInstance(err), field).toBe(true);
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
    }
  });

  it('returns a fresh object: changing the caller’s input later changes nothing', () => {
    const given = { assigningOrganizationId: '675844', family: 'Wolf', given: ['A', 'B'] };
    const prepared = prepareAction('createPatient', given);
    given.given.push('C');
    expect(prepared.input.given).toEqual(['A', 'B']);
  });

  it('defaults the clock to Date.now', () => {
    const before = Date.now();
    const { input } = prepareAction('createClinicalNote', note);
    const end = Date.parse(input.periodEnd!);
    expect(end).toBeGreaterThanOrEqual(before);
    expect(end).toBeLessThanOrEqual(Date.now());
  });
});

describe('runPrepared', () => {
  it('refuses a payload that is not a prepared action, before any request', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client, auth } = testClient(fetch);
    const bad: [unknown, string][] = [
      [null, 'prepared.key'],
      [{ key: 'toString', input: {} }, 'prepared.key'],
      [{ key: 'getPatient' }, 'prepared.input'],
      [{ key: 'getPatient', input: 'x' }, 'prepared.input'],
      [{ key: 'getPatient', input: { patientId: '' } }, 'patientId'],
    ];
    for (const [payload, field] of bad) {
      await expect(runPrepared(client, payload as never), field).rejects.toMatchObject({
        code: 'invalid_input',
        field,
      });
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.issued).toBe(0);
  });

  it('passes the signal through', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client } = testClient(fetch);
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const prepared = prepareAction('createPatient', {
      assigningOrganizationId: '675844',
      family: 'Wolf',
      given: 'A',
    });
    await expect(
      runPrepared(client, prepared, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted', mayHaveSucceeded: false });
    expect(fetch.calls).toHaveLength(0);
  });
});
