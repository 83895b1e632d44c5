import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID } from '../src/config.js';
import { startMockCerner } from '../src/start-mock-cerner.js';
import { startupBanner } from '../src/startup-banner.js';

describe('mock-cerner flags', () => {
  it('parses the flags, with defaults', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 8080, mllpPort: 2575, host: '127.0.0.1', json: false, quiet: false },
    });
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--json',
        '--tenant',
        'Y62ncCuwN85GGa7s0iz44XRnQoc9qr60',
        '--public-url',
        'https://mock.example:8443/',
        '--host',
        '::1',
        '--mllp-port',
        '0',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 0,
        mllpPort: 0,
        host: '::1',
        tenantId: 'Y62ncCuwN85GGa7s0iz44XRnQoc9qr60',
        publicUrl: 'https://mock.example:8443',
        json: true,
        quiet: false,
      },
    });
    expect(parseCliArgs(['--port=0', '--quiet'])).toMatchObject({
      kind: 'run',
      options: { port: 0, quiet: true },
    });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('refuses bad flags (the bin prints the usage and exits 2)', () => {
    for (const argv of [
      ['--nope'],
      ['serve'],
      ['--port'],
      ['--port', 'abc'],
      ['--port', '-1'],
      ['--port', '70000'],
      ['--port', '1.5'],
      ['--mllp-port', 'x'],
      ['--tenant', 'a/b'],
      ['--public-url', 'ftp://x'],
      ['--public-url', 'https://x/with/path'],
      ['--host', ''],
      ['--json', '--quiet'],
    ]) {
      expect(parseCliArgs(argv).kind, argv.join(' ')).toBe('error');
    }
  });
});

describe('startMockCerner (what the bin runs)', () => {
  it('--json line: one parseable line with fhirBaseUrl, tokenUrl, tenantId, clients, adminUrl; a curl-like token request works', async () => {
    const running = await startMockCerner({ port: 0 });
    try {
      const line = JSON.stringify(running.describe());
      expect(line).not.toContain('\n');
      const info = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(info)).toEqual([
        'fhirBaseUrl',
        'tokenUrl',
        'tenantId',
        'clients',
        'adminUrl',
        'inspectorUrl', // added by #11
      ]);
      expect(info).toEqual({
        fhirBaseUrl: `http://127.0.0.1:${running.port}/r4/${DEFAULT_TENANT_ID}`,
        tokenUrl: `http://127.0.0.1:${running.port}/tenants/${DEFAULT_TENANT_ID}/protocols/oauth2/profiles/smart-v1/token`,
        tenantId: DEFAULT_TENANT_ID,
        clients: [
          {
            clientId: DEFAULT_CLIENT.clientId,
            clientSecret: DEFAULT_CLIENT.clientSecret,
            scopes: [...DEFAULT_CLIENT.scopes],
          },
        ],
        adminUrl: `http://127.0.0.1:${running.port}/admin`,
        inspectorUrl: `http://127.0.0.1:${running.port}/admin/inspector`,
      });
      // curl -u id:secret -d grant_type=client_credentials -d scope=system/Patient.read <tokenUrl>
      const res = await fetch(String(info.tokenUrl), {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=system/Patient.read',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as { access_token: string; scope: string };
      expect(body.scope).toBe('system/Patient.read');
      // and the token opens the FHIR API
      const patient = await fetch(`${running.fhirBaseUrl}/Patient/12724066`, {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
      expect(patient.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('works end to end with @cerner-kit/smart-auth (discovery, /hosts/ token URL, v2 subset)', async () => {
    const running = await startMockCerner({ port: 0 });
    try {
      const auth = createBackendAuth({
        clientId: DEFAULT_CLIENT.clientId,
        credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
        fhirBaseUrl: running.fhirBaseUrl,
        scopes: ['system/Patient.rs', 'system/Observation.read'],
      });
      const t = await auth.getToken();
      expect(t.scopes).toEqual(['system/Patient.rs']);
      expect((await auth.discover()).token_endpoint).toBe(running.hostTokenUrl);
    } finally {
      await running.close();
    }
  });

  it('the banner shows both token URLs, the default client, admin and inspector URLs and a curl example', async () => {
    const running = await startMockCerner({
      port: 0,
      publicUrl: 'https://mock.example',
    });
    try {
      const text = startupBanner(running);
      for (const s of [
        running.fhirBaseUrl,
        running.tokenUrl,
        running.hostTokenUrl,
        running.adminUrl,
        running.inspectorUrl,
        DEFAULT_CLIENT.clientId,
        DEFAULT_CLIENT.clientSecret,
        'curl -s -u',
      ]) {
        expect(text).toContain(s);
      }
      expect(running.tokenUrl.startsWith('https://mock.example/tenants/')).toBe(true);
    } finally {
      await running.close();
    }
  });
});

const distBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('the built bin', () => {
  it.skipIf(!existsSync(distBin))(
    'node dist/bin.js --port 0 --mllp-port 0 --json prints one line, serves tokens, stops on SIGTERM',
    async () => {
      const child = spawn(
        process.execPath,
        [distBin, '--port', '0', '--mllp-port', '0', '--json'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      try {
        const first = await new Promise<string>((resolve, reject) => {
          const rl = createInterface({ input: child.stdout });
          rl.once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited ${code}`)));
          setTimeout(() => reject(new Error('no output')), 15_000).unref();
        });
        const info = JSON.parse(first) as {
          tokenUrl: string;
          clients: { clientId: string; clientSecret: string }[];
        };
        const c = info.clients[0]!;
        const res = await fetch(info.tokenUrl, {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials&scope=system/Patient.read',
        });
        expect(res.status).toBe(200);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );

  it.skipIf(!existsSync(distBin))('exits 2 with the usage on a bad flag', async () => {
    const child = spawn(process.execPath, [distBin, '--bogus'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('Usage: mock-cerner');
  });
});
