import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMockCerner } from '../src/create-mock-cerner.js';
import { DEFAULT_TENANT_ID } from '../src/config.js';
import { PUBLIC_URL, testMock } from './auth-helpers.js';

const base = `/r4/${DEFAULT_TENANT_ID}`;

describe('.well-known/smart-configuration', () => {
  it('is unauthenticated JSON in Cerner’s 2026 shape, on the request’s origin', async () => {
    const mock = createMockCerner({ seed: false });
    const res = await request(mock.app)
      .get(`${base}/.well-known/smart-configuration`)
      .set('Host', 'localhost:9999')
      .set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const sc = res.body as Record<string, unknown>;
    const origin = 'http://localhost:9999';
    expect(sc).toMatchObject({
      issuer: `${origin}/tenants/${DEFAULT_TENANT_ID}`,
      token_endpoint: `${origin}/tenants/${DEFAULT_TENANT_ID}/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token`,
      revocation_endpoint: `${origin}/tenants/${DEFAULT_TENANT_ID}/protocols/oauth2/profiles/smart-v1/token/revoke`,
      introspection_endpoint: `${origin}/tokeninfo`,
      management_endpoint: `${origin}/tenants/${DEFAULT_TENANT_ID}/personas/provider/my-authorizations`,
      jwks_uri: `${origin}/jwk`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(sc.capabilities).toEqual(
      expect.arrayContaining([
        'client-confidential-asymmetric',
        'client-confidential-symmetric',
        'permission-v1',
        'permission-v2',
      ]),
    );
    expect(sc.scopes_supported).toEqual(
      expect.arrayContaining([
        'system/Patient.read',
        'system/Patient.write',
        'system/Patient.crus',
        'system/Encounter.crus',
        'system/DocumentReference.crus',
        'system/Appointment.read',
        'system/Binary.r',
      ]),
    );
    expect((sc.scopes_supported as string[]).some((s) => s.includes('*'))).toBe(false);
  });

  it('uses publicUrl when set, ignores query parameters other than _format, answers GET/HEAD only', async () => {
    const { mock } = testMock();
    const res = await request(mock.app).get(
      `${base}/.well-known/smart-configuration?_format=json&foo=bar`,
    );
    expect(res.status).toBe(200);
    expect(res.body.token_endpoint.startsWith(`${PUBLIC_URL}/tenants/`)).toBe(true);
    expect((await request(mock.app).head(`${base}/.well-known/smart-configuration`)).status).toBe(
      200,
    );
    const post = await request(mock.app).post(`${base}/.well-known/smart-configuration`).send({});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toContain('GET');
    expect(post.body.resourceType).toBe('OperationOutcome');
  });
});

describe('metadata', () => {
  it('is Cerner’s secure CapabilityStatement, unauthenticated', async () => {
    const { mock } = testMock();
    const res = await request(mock.app)
      .get(`${base}/metadata`)
      .set('Accept', 'application/fhir+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cs = JSON.parse(res.text) as {
      rest: {
        security: any;
        resource: {
          type: string;
          interaction: { code: string }[];
          searchParam?: { name: string }[];
        }[];
      }[];
    };
    expect(cs).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json', 'application/fhir+json'],
    });
    const security = cs.rest[0]!.security;
    expect(security.extension[0].url).toBe(
      'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    expect(security.extension[0].extension.map((e: { url: string }) => e.url)).toEqual([
      'token',
      'revoke',
      'authorize',
      'manage',
      'introspect',
    ]);
    expect(security.extension[0].extension[0].valueUri).toBe(
      `${PUBLIC_URL}/tenants/${DEFAULT_TENANT_ID}/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token`,
    );
    expect(security.service[0].coding[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
      code: 'SMART-on-FHIR',
    });
    expect(security.cors).toBe(true);
    const byType = Object.fromEntries(cs.rest[0]!.resource.map((r) => [r.type, r]));
    const codes = (t: string): string[] => byType[t]!.interaction.map((i) => i.code);
    const params = (t: string): string[] => (byType[t]!.searchParam ?? []).map((p) => p.name);
    expect(codes('Patient')).toEqual(['read', 'search-type', 'create']);
    expect(codes('Encounter')).toEqual(['read', 'search-type']);
    expect(codes('Appointment')).toEqual(['read']);
    expect(codes('DocumentReference')).toEqual(['read', 'search-type', 'create']);
    expect(params('Patient')).toEqual(
      expect.arrayContaining(['_id', 'identifier', 'name', 'birthdate', '-pageContext']),
    );
    expect(params('Encounter')).toEqual(
      expect.arrayContaining(['_id', 'patient', 'subject', '_count', '-pageContext']),
    );
    expect(params('DocumentReference')).toEqual(
      expect.arrayContaining(['_id', 'patient', 'encounter']),
    );
  });

  it('406 for a non-JSON Accept, like the FHIR side; /jwk serves the issuer’s public key', async () => {
    const { mock } = testMock();
    expect(
      (await request(mock.app).get(`${base}/metadata`).set('Accept', 'application/xml')).status,
    ).toBe(406);
    const jwk = await request(mock.app).get('/jwk');
    expect(jwk.status).toBe(200);
    expect(jwk.body.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
  });
});
