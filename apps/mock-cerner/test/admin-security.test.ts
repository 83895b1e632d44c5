import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMockCerner } from '../src/create-mock-cerner.js';

const patientBundle = JSON.stringify({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [{ resource: { resourceType: 'Patient', id: '777', name: [{ family: 'Planted' }] } }],
});

// #16: before the fix the admin API parsed any content type and accepted any Origin and Host, so a
// page on another origin (or a rebinding DNS name) could register clients and plant patients.
describe('admin API: CSRF and DNS rebinding (#16)', () => {
  it('refuses a text/plain or form body (what a cross-origin page can send): 415, nothing stored', async () => {
    const mock = createMockCerner();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const r = await request(mock.app)
        .post('/admin/load')
        .set('Content-Type', type)
        .send(patientBundle);
      expect(r.status, type).toBe(415);
    }
    const clients = await request(mock.app)
      .post('/admin/clients')
      .set('Content-Type', 'text/plain')
      .send(
        JSON.stringify({
          clientId: 'evil',
          clientSecret: 'evil-secret-123',
          scopes: ['system/Patient.read'],
        }),
      );
    expect(clients.status).toBe(415);
    expect(mock.state.store.get('Patient', '777')).toBeUndefined();
    expect(mock.state.clients.get('evil')).toBeUndefined();
  });

  it('refuses a write from another Origin (403) and accepts its own origin or none', async () => {
    const mock = createMockCerner();
    const post = (origin?: string) => {
      const r = request(mock.app)
        .post('/admin/load')
        .set('Host', '127.0.0.1:8080')
        .set('Content-Type', 'application/json');
      return (origin ? r.set('Origin', origin) : r).send(patientBundle);
    };
    expect((await post('https://evil.example')).status).toBe(403);
    expect((await post('null')).status).toBe(403);
    expect(mock.state.store.get('Patient', '777')).toBeUndefined();
    expect((await post('http://127.0.0.1:8080')).status).toBe(200);
    expect((await post()).status).toBe(200);
    const cross = await request(mock.app).post('/admin/reset').set('Sec-Fetch-Site', 'cross-site');
    expect(cross.status).toBe(403);
  });

  it('refuses a Host that is not loopback or the public URL (DNS rebinding), reads included', async () => {
    const mock = createMockCerner({ publicUrl: 'https://mock.example:8443' });
    expect(
      (await request(mock.app).get('/admin/requests').set('Host', 'rebind.evil.example')).status,
    ).toBe(403);
    expect(
      (await request(mock.app).get('/admin/inspector').set('Host', 'rebind.evil.example:8080'))
        .status,
    ).toBe(403);
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'mock.example:8443']) {
      expect((await request(mock.app).get('/admin/requests').set('Host', host)).status, host).toBe(
        200,
      );
    }
  });

  it('a write without a body needs no Content-Type (reset), a bodyless cross-origin one is still refused', async () => {
    const mock = createMockCerner();
    expect((await request(mock.app).post('/admin/reset')).status).toBe(200);
    expect(
      (await request(mock.app).post('/admin/reset').set('Origin', 'https://evil.example')).status,
    ).toBe(403);
  });

  it('admin token: required when configured as such, Bearer only, never from the wrong token', async () => {
    const adminToken = 'admin-token-0123456789';
    const mock = createMockCerner({ adminToken, requireAdminToken: true });
    const r = await request(mock.app).get('/admin/requests');
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toContain('Bearer');
    expect(
      (
        await request(mock.app)
          .get('/admin/requests')
          .set('Authorization', 'Bearer wrong-token-0123456789')
      ).status,
    ).toBe(401);
    expect(
      (await request(mock.app).get('/admin/requests').set('Authorization', `Bearer ${adminToken}`))
        .status,
    ).toBe(200);
    // With the token, a non-loopback Host is fine (a rebinding page cannot know the token).
    expect(
      (
        await request(mock.app)
          .get('/admin/requests')
          .set('Host', 'lan-name:8080')
          .set('Authorization', `Bearer ${adminToken}`)
      ).status,
    ).toBe(200);
    const noToken = createMockCerner({ requireAdminToken: true });
    expect((await request(noToken.app).get('/admin/requests')).status).toBe(403);
    expect(() => createMockCerner({ allowRemoteAdmin: true })).toThrow(/adminToken/);
    expect(() => createMockCerner({ adminToken: 'short' })).toThrow(/adminToken/);
  });

  it('405 with Allow for a method a known admin path does not answer (POST to PUT-only /admin/faults)', async () => {
    const mock = createMockCerner();
    const r = await request(mock.app)
      .post('/admin/faults')
      .set('Content-Type', 'application/json')
      .send('{"rules":[]}');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD, PUT, DELETE');
    expect((await request(mock.app).get('/admin/load')).headers.allow).toBe('POST');
    expect(
      (
        await request(mock.app)
          .put('/admin/tenants')
          .set('Content-Type', 'application/json')
          .send('{}')
      ).headers.allow,
    ).toBe('GET, HEAD, POST');
  });
});
