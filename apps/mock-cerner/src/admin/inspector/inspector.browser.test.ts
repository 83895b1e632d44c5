import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockCerner, type RunningMockCerner } from '../../start-mock-cerner.js';

/** Where the screenshots of the main views go (gitignored; see the README's "Inspector"). */
const SHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test-output/inspector-screenshots',
);

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

const executablePath = findChromium();
if (!executablePath && process.env.CI === 'true') {
  throw new Error(
    'inspector browser tests: Chromium is required under CI (apt-get install chromium)',
  );
}
if (!executablePath) {
  console.warn('skipping inspector browser tests: install chromium (apt-get install chromium)');
}

function sendHl7(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('utf8');
      if (got.includes('\x1c\r')) {
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', reject);
    socket.write(`\x0b${message}\x1c\r`);
  });
}

describe.skipIf(!executablePath)('the inspector in headless Chromium', () => {
  let mock: RunningMockCerner;
  let browser: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const dialogs: string[] = [];
  let token = '';

  const fhir = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${mock.fhirBaseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        ...(init.headers ?? {}),
      },
    });

  beforeAll(async () => {
    mock = await startMockCerner({ port: 0, mllpPort: 0, host: '127.0.0.1' });
    const c = mock.clients[0]!;
    const t = await fetch(mock.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=system%2FPatient.read%20system%2FPatient.write',
    });
    token = ((await t.json()) as { access_token: string }).access_token;
    userDataDir = mkdtempSync(join(tmpdir(), 'inspector-chromium-'));
    mkdirSync(SHOTS, { recursive: true });
    // A fresh profile per run (Playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: executablePath!,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${mock.adminUrl}/inspector`);
    await page.waitForSelector('#status:text("ready")');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const refreshNow = async (): Promise<void> => {
    // The log-clear button's neighbour: re-selecting the tenant triggers a refresh without polling.
    await page.dispatchEvent('#tenant', 'change');
  };

  it('shows requests and an HL7 message; a failing row explains the rule that fired', async () => {
    expect((await fhir('/Patient?family=Smart')).status).toBe(200);
    const bad = await fhir('/Patient', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', gender: 'not-a-gender' }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    const ack = await sendHl7(
      mock.mllpPort!,
      'MSH|^~\\&|LAB|FAC|MOCK|CERNER|20260101120000||ADT^A08|CTRL-1|P|2.5\rEVN|A08|20260101120000\r',
    );
    expect(ack).toContain('MSA|');
    await refreshNow();
    const failing = page.locator('#timeline tr', { hasText: 'POST' }).first();
    await failing.waitFor();
    await failing.click();
    const reason = page.locator('#detail pre.reason');
    await reason.waitFor();
    expect((await reason.textContent())!.length).toBeGreaterThan(3);
    expect(await page.locator('#detail').textContent()).toContain('Response headers');
    await page.screenshot({ path: join(SHOTS, 'timeline-failing-row.png'), fullPage: true });

    await page.locator('#timeline tr', { hasText: 'ADT^A08' }).first().click();
    await page.waitForSelector('#detail pre.ack');
    expect(await page.locator('#detail pre.ack').textContent()).toContain('MSA|');
    await page.screenshot({ path: join(SHOTS, 'hl7-ack.png'), fullPage: true });
  });

  it('adds a fault from the page and sees it fire', async () => {
    await page.fill('#fault-path', '*/Patient/*');
    await page.fill('#fault-status', '503');
    await page.fill('#fault-times', '1');
    await page.click('#fault-add');
    await page.waitForSelector('#faults tr:has-text("1 left")');
    expect((await fhir('/Patient/12724066')).status).toBe(503);
    await refreshNow();
    const row = page.locator('#timeline tr', { hasText: 'status 503' }).first();
    await row.waitFor();
    await row.click();
    await page.waitForSelector('#detail dd:text("status 503")');
    await page.waitForSelector('#faults tr', { state: 'detached' });
    await page.screenshot({ path: join(SHOTS, 'fault-fired.png'), fullPage: true });
  });

  it('renders a stored XSS attempt as text and never runs it', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const loaded = await fetch(`${mock.adminUrl}/load`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: 'xss-1', name: [{ text: payload }] } }],
      }),
    });
    expect(loaded.status).toBe(200);
    await page.selectOption('#type', 'Patient');
    await refreshNow();
    const cell = page.locator('#resources td', { hasText: payload });
    await cell.waitFor();
    expect(await cell.textContent()).toBe(payload);
    await cell.click();
    await page.waitForSelector('#resource-json:has-text("xss-1")');
    expect(await page.locator('#resources img, #detail img, #resource-json img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'store.png'), fullPage: true });
  });

  it('resets from the page, then switches to a new tenant', async () => {
    await page.click('#reset');
    await page.waitForSelector('#status:text("reset")');
    expect(await page.locator('#timeline tr').count()).toBe(0);
    expect(await page.locator('#resources td', { hasText: 'xss-1' }).count()).toBe(0);

    await page.fill('#tenant-id', 'browser-tenant');
    await page.selectOption('#tenant-seed', 'empty');
    await page.click('#tenant-create');
    await page.waitForSelector('#status:text("tenant created")');
    expect(await page.locator('#tenant').inputValue()).toBe('/admin/tenants/browser-tenant');
    expect(await page.locator('#resources tr').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'tenant.png'), fullPage: true });
    await page.selectOption('#tenant', '/admin');
    await page.waitForSelector('#resources tr');
  });
});
