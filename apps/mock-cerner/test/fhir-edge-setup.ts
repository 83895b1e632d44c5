/** Shared setup of the fhir-edge-*.test.ts files: a fresh mock per test and request helpers. */
import request from 'supertest';
import { beforeEach } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { createMockCerner, type MockCerner } from '../src/create-mock-cerner.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';

export let clock: number;
export let mock: MockCerner;
export let token: string;
export let base: string;
export const CLIENT = 'cerner-kit-default-system-client';

/** Registers the beforeEach that gives every test a fresh mock, a token and the FHIR base. */
export function useFhirEdgeMock(): void {
  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 25, 10, 0, 0);
    mock = createMockCerner({ now: () => clock });
    token = (await mock.state.accessTokens.issue(CLIENT, [...ACTION_SCOPES])).token;
    base = `/r4/${mock.tenantId}`;
  });
}

/** Replaces the token the request helpers send. */
export const useToken = (t: string): void => {
  token = t;
};

/** Moves the mock's clock forward. */
export const advanceClock = (ms: number): void => {
  clock += ms;
};
export const auth = (t = token) => ({ Authorization: `Bearer ${t}` });
export const get = (path: string, t = token) =>
  request(mock.app).get(`${base}/${path}`).set(auth(t));
export const post = (path: string, body: string, type = 'application/fhir+json') =>
  request(mock.app).post(`${base}/${path}`).set(auth()).set('Content-Type', type).send(body);
export const note = (text: string, contentType = 'text/plain;charset=utf-8') =>
  JSON.stringify({
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [
        {
          system: `https://fhir.cerner.com/${mock.tenantId}/codeSet/72`,
          code: '2820507',
          display: 'Admission Note Physician',
        },
      ],
    },
    subject: { reference: `Patient/${SEED_IDS.patients.nancy}` },
    author: [{ reference: `Practitioner/${SEED_IDS.practitioner}` }],
    content: [
      {
        attachment: {
          contentType,
          data: Buffer.from(text).toString('base64'),
          title: 'Synthetic',
          creation: '2026-11-25T09:00:00.000Z',
        },
      },
    ],
    context: { period: { start: '2026-11-25T09:00:00Z', end: '2026-11-25T10:00:00Z' } },
  });
