import { startTestServer, type TestServer } from './test-support/api-test-server';

// The CORS hook answers exactly what @fastify/cors answered with the same options before it replaced it
// (docs/performance.md, section 7): these are the headers browsers and caches read.

jest.setTimeout(60_000);

describe('CORS answers, header by header', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ corsOrigins: ['https://reev.example:8443'] });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers a permitted preflight with 204, no body, and what the page may send', async () => {
    const preflight = await api.request('OPTIONS', '/api/v1/benchmarks', {
      headers: { origin: 'https://reev.example:8443', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries([...preflight.headers].filter(([name]) => name.startsWith('access-control') || name === 'vary' || name === 'content-length'))).toEqual({
      'access-control-allow-origin': 'https://reev.example:8443',
      'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization, last-event-id, accept',
      'access-control-max-age': '600',
      'content-length': '0',
      vary: 'Origin',
    });
  });

  it('refuses a preflight without Access-Control-Request-Method, and leaves other pages to the 404 of OPTIONS', async () => {
    const incomplete = await api.request('OPTIONS', '/api/v1/benchmarks', { headers: { origin: 'http://localhost:5173' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(incomplete.text).toBe('Invalid Preflight Request');
    const foreign = await api.request('OPTIONS', '/api/v1/benchmarks', { headers: { origin: 'https://attacker.example', 'access-control-request-method': 'GET' } });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('says Vary: Origin on every answer, and allows the API own origin', async () => {
    const plain = await api.get('/api/v1/benchmarks');
    expect(plain.headers.get('vary')).toBe('Origin');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await api.get('/api/v1/no-such-route');
    expect({ status: missing.status, vary: missing.headers.get('vary') }).toEqual({ status: 404, vary: 'Origin' });
    const own = `http://${new URL(api.baseUrl).host}`;
    const fromOwnPage = await api.request('GET', '/api/v1/benchmarks', { headers: { origin: own } });
    expect(fromOwnPage.headers.get('access-control-allow-origin')).toBe(own);
  });
});
