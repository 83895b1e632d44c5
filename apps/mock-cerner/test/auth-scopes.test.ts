import { describe, expect, it } from 'vitest';
import { grantScopes } from '../src/auth/scope-grant.js';
import type { RegisteredClient, ScopeStyle } from '../src/auth/client-registry.js';
import { basic, expectCernerError, form, postForm, testMock } from './auth-helpers.js';

const reg = (scopes: string[], scopeStyle: ScopeStyle): RegisteredClient => ({
  clientId: 'c',
  clientSecret: 'c-secret-123',
  scopes,
  scopeStyle,
});

describe('grantScopes (Cerner: intersection with the registration, per scope style)', () => {
  it('v1 client: only v1 syntax', () => {
    const c = reg(['system/Patient.read', 'system/Patient.write'], 'v1');
    expect(grantScopes('system/Patient.read system/Patient.write', c).granted).toEqual([
      'system/Patient.read',
      'system/Patient.write',
    ]);
    expect(grantScopes('system/Patient.rs system/Patient.r', c)).toEqual({
      granted: [],
      dropped: ['system/Patient.rs', 'system/Patient.r'],
    });
  });

  it('v2 client: only v2 syntax, subsets of a registered scope granted', () => {
    const c = reg(['system/Patient.crus', 'system/Encounter.rs'], 'v2');
    expect(grantScopes('system/Patient.read', c).granted).toEqual([]);
    expect(
      grantScopes('system/Patient.r system/Patient.rs system/Patient.c system/Encounter.s', c)
        .granted,
    ).toEqual(['system/Patient.r', 'system/Patient.rs', 'system/Patient.c', 'system/Encounter.s']);
    expect(grantScopes('system/Encounter.cruds system/Patient.d', c).granted).toEqual([]);
  });

  it('both: either syntax, compared by meaning (.read = .rs), echoed as requested', () => {
    const c = reg(['system/Patient.read', 'system/DocumentReference.write'], 'both');
    expect(
      grantScopes(
        'system/Patient.rs system/Patient.r system/Patient.read system/DocumentReference.c',
        c,
      ).granted,
    ).toEqual([
      'system/Patient.rs',
      'system/Patient.r',
      'system/Patient.read',
      'system/DocumentReference.c',
    ]);
    expect(grantScopes('system/Patient.crus', c).granted).toEqual([]);
  });

  it('never grants wildcards, .*, other contexts or non-resource scopes; collapses duplicates', () => {
    const c = reg(['system/Patient.read', 'system/Patient.write'], 'both');
    const r = grantScopes(
      'system/*.read system/*.rs system/Patient.* user/Patient.read patient/Patient.read openid fhirUser launch online_access offline_access system/Patient.sr system/Patient.xyz system/Patient.read system/Patient.read',
      c,
    );
    expect(r.granted).toEqual(['system/Patient.read']);
    expect(r.dropped).toContain('system/*.read');
    expect(r.dropped).toContain('offline_access');
  });
});

describe('scopes through the token endpoint', () => {
  const setup = (scopes: string[], scopeStyle: ScopeStyle) => {
    const t = testMock({
      clients: [{ clientId: 'app', clientSecret: 'app-secret-1', scopes, scopeStyle }],
    });
    const ask = (scope: string) =>
      postForm(t.mock, t.tokenPath, form({ grant_type: 'client_credentials', scope }), {
        Authorization: basic('app', 'app-secret-1'),
      });
    return { ...t, ask };
  };

  it('a v2-only client asking v1 gets 400 invalid_scope empty-scopes; .r of a registered .rs is granted', async () => {
    const { ask } = setup(['system/Patient.rs'], 'v2');
    expectCernerError(await ask('system/Patient.read'), 400, 'invalid_scope', 'empty-scopes', {
      client: 'app',
    });
    const ok = await ask('system/Patient.r');
    expect(ok.status).toBe(200);
    expect(ok.body.scope).toBe('system/Patient.r');
  });

  it('a both-style client gets v1 and v2 in one request', async () => {
    const { ask, mock } = setup(['system/Patient.read', 'system/Observation.rs'], 'both');
    const res = await ask('system/Patient.read system/Observation.rs');
    expect(res.body.scope).toBe('system/Patient.read system/Observation.rs');
    expect((await mock.state.accessTokens.verify(res.body.access_token))?.scopes).toEqual([
      'system/Patient.read',
      'system/Observation.rs',
    ]);
  });

  it('a partial grant silently drops the unregistered scopes', async () => {
    const { ask } = setup(['system/Patient.read'], 'v1');
    const res = await ask(
      'system/Patient.read system/Observation.read system/Patient.rs offline_access',
    );
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('system/Patient.read');
  });

  it('wildcards alone: 400 empty-scopes (Cerner does not support them)', async () => {
    const { ask } = setup(['system/Patient.read'], 'both');
    for (const s of [
      'system/*.read',
      'system/*.rs',
      'system/Patient.*',
      'launch fhirUser',
      'online_access',
    ]) {
      expectCernerError(await ask(s), 400, 'invalid_scope', 'empty-scopes', { client: 'app' });
    }
  });
});
