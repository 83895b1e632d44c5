import request from 'supertest';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.js';
import { createTenant, type TenantOptions } from './tenant.js';

const options = (tenantId: string): TenantOptions => ({
  tenantId,
  now: () => Date.UTC(2026, 0, 1),
  logger: silentLogger,
  publicUrl: undefined,
  seed: true,
  clients: [
    {
      clientId: 'app',
      clientSecret: 'app-secret-123',
      scopes: ['system/Patient.read'],
      scopeStyle: 'v1',
    },
  ],
  encounterPageSize: 10,
  fetch: () => Promise.reject(new Error('no network in this test')),
});

describe('createTenant', () => {
  it('owns every piece of its state: two tenants share no object', () => {
    const a = createTenant(options('same-id'));
    const b = createTenant(options('same-id'));
    // Everything but the injected logger is the tenant's own.
    for (const key of Object.keys(a.state) as (keyof typeof a.state)[]) {
      const value = a.state[key];
      if (key !== 'logger' && typeof value === 'object' && value !== null) {
        expect(value, key).not.toBe(b.state[key]);
      }
    }
    a.state.clients.remove('app');
    a.state.faults.set([{ path: 'Patient/*', status: 503 }]);
    a.state.store.remove('Patient', '12724066');
    a.state.pageContexts.save(['1', '2']);
    expect(b.state.clients.get('app')).toBeDefined();
    expect(b.state.faults.list()).toEqual([]);
    expect(b.state.store.get('Patient', '12724066')).toBeDefined();
  });

  it('reset() brings clients, store, faults and the request log back', () => {
    const t = createTenant(options('t1'));
    const seeded = t.state.store.counts();
    t.state.clients.remove('app');
    t.state.store.remove('Patient', '12724066');
    t.state.faults.set([{ path: 'Patient/*', status: 503 }]);
    t.state.requestLog.add({
      at: '',
      method: 'GET',
      path: '/',
      status: 200,
      durationMs: 0,
      headers: {},
    });
    t.reset();
    expect(t.state.clients.get('app')).toBeDefined();
    expect(t.state.store.counts()).toEqual(seeded);
    expect(t.state.faults.list()).toEqual([]);
    expect(t.state.requestLog.entries()).toEqual([]);
  });

  it('serves its own tenant id only', async () => {
    const app = express().use(createTenant(options('t1')).handler);
    expect((await request(app).get('/r4/t1/metadata')).status).toBe(200);
    expect((await request(app).get('/r4/t2/metadata')).status).toBe(404);
  });
});
