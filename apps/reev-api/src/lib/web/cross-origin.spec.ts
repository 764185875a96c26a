import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../test-support/api-test-server';
import { launchDebianChromium } from '../test-support/chromium';

// A page on a second origin (another 127.0.0.1 port), as the original web UI is served, calling the API the way
// that UI does: JSON content type on every request (so each one is preflighted), a run, then polling the status
// until it reads exactly "Completed". Real headless Chromium from Debian; nothing is downloaded.

const RUN_TIMEOUT_MS = 60_000;

jest.setTimeout(120_000);

/** The client, inlined in the page: what the original UI's ApiClient and polling hook do, reduced to the calls. */
function clientPage(apiBase: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>second origin</title></head>
<body>
<p id="benchmarks"></p><p id="execution"></p><p id="status"></p><p id="error"></p>
<script>
const API = ${JSON.stringify(apiBase)};
async function call(path, options = {}) {
  const response = await fetch(API + path, { ...options, headers: { 'Content-Type': 'application/json', ...options.headers } });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}
async function main() {
  const benchmarks = await call('/api/v1/benchmarks');
  document.getElementById('benchmarks').textContent = benchmarks.map((b) => b.id).join(',');
  const started = await call('/api/v1/benchmarks/001-sol-transfer/run', { method: 'POST', body: JSON.stringify({ agent: 'deterministic' }) });
  document.getElementById('execution').textContent = started.execution_id;
  for (;;) {
    const state = await call('/api/v1/benchmarks/001-sol-transfer/status/' + started.execution_id);
    document.getElementById('status').textContent = state.status;
    if (state.status === 'Completed' || state.status === 'Failed') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
main().catch((error) => { document.getElementById('error').textContent = String(error); });
</script>
</body></html>`;
}

async function servePage(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('the API from a page on another origin, in headless Chromium', () => {
  let api: TestServer;
  let pageServer: Server;
  let pageUrl: string;
  let scratch: string;
  let context: BrowserContext;
  let page: Page;
  const preflights: string[] = [];

  beforeAll(async () => {
    api = await startTestServer();
    // Seen on the raw HTTP server: the preflights Chromium sends before the calls.
    api.server.app.server.on('request', (request: IncomingMessage) => {
      if (request.method === 'OPTIONS') preflights.push(`${request.headers.origin ?? ''} ${request.url ?? ''}`);
    });
    ({ server: pageServer, url: pageUrl } = await servePage(clientPage(api.baseUrl)));
    scratch = mkdtempSync(path.join(os.tmpdir(), 'reev-cross-origin-'));
    context = await launchDebianChromium(path.join(scratch, 'profile'));
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
    await api?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('lists the benchmarks and polls a run to Completed across origins', async () => {
    expect(new URL(pageUrl).port).not.toBe(new URL(api.baseUrl).port);
    await page.goto(pageUrl);
    await page.locator('#status:text-is("Completed"), #error:not(:empty)').first().waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await page.locator('#error').textContent()).toBe('');
    const listed = ((await page.locator('#benchmarks').textContent()) ?? '').split(',');
    const benchmarks = (await api.get('/api/v1/benchmarks')).json as { id: string }[];
    expect(listed).toEqual(benchmarks.map((benchmark) => benchmark.id));
    const executionId = (await page.locator('#execution').textContent()) ?? '';
    expect((await api.get(`/api/v1/benchmarks/001-sol-transfer/status/${executionId}`)).json).toMatchObject({ status: 'Completed', score: 1 });
    // The JSON content type made Chromium preflight the calls; the API answered them.
    const origin = pageUrl.replace(/\/$/, '');
    expect(preflights).toEqual(expect.arrayContaining([`${origin} /api/v1/benchmarks`, `${origin} /api/v1/benchmarks/001-sol-transfer/run`]));
  });
});
