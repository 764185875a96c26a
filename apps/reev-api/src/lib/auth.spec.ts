import { bearerMatches } from './http/auth';
import { startTestServer, type TestServer } from './test-support/api-test-server';

const TOKEN = 'test-token-5f2c9a';

/** Every mutating route, with a body that would be valid. */
const MUTATIONS: [string, unknown][] = [
  ['/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' }],
  ['/api/v1/benchmarks/001-sol-transfer/stop/some-execution', undefined],
  ['/api/v1/benchmarks/execute-direct', { prompt: 'swap 1 SOL to USDC' }],
  ['/api/v1/agents/config', { agent_type: 'local', api_url: 'http://127.0.0.1:9/v1' }],
  ['/api/v1/upsert-yml', { yml_content: 'id: x' }],
];

describe('API token', () => {
  describe('when set', () => {
    let api: TestServer;
    beforeAll(async () => {
      api = await startTestServer({ apiToken: TOKEN });
    });
    afterAll(() => api.close());

    it('refuses every POST without the token, or with a wrong one, with 401', async () => {
      for (const [url, body] of MUTATIONS) {
        const missing = await api.post(url, body);
        expect({ url, status: missing.status }).toEqual({ url, status: 401 });
        expect(missing.json).toMatchObject({ error: 'unauthorized', message: 'POST needs an API token: send "Authorization: Bearer <token>"' });
        expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="reev"');

        const wrong = await api.post(url, body, { token: 'wrong-token' });
        expect({ url, status: wrong.status }).toEqual({ url, status: 401 });
        expect(wrong.json.message).toBe('the API token in the Authorization header is wrong');
        const notBearer = await api.post(url, body, { headers: { authorization: `Basic ${TOKEN}` } });
        expect({ url, status: notBearer.status }).toEqual({ url, status: 401 });
      }
    });

    it('lets POSTs with the token through and keeps reads open', async () => {
      const run = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' }, { token: TOKEN });
      expect(run.status).toBe(200);
      const config = await api.post('/api/v1/agents/config', { agent_type: 'local' }, { token: TOKEN });
      expect(config.status).toBe(200);
      expect((await api.get('/api/v1/benchmarks')).status).toBe(200);
      expect((await api.get('/api/v1/health')).status).toBe(200);
      const document = (await api.get('/api/v1/openapi.json')).json;
      expect(document.paths['/api/v1/upsert-yml'].post.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/api/v1/benchmarks'].get.security).toBeUndefined();
    });
  });

  describe('when not set', () => {
    let api: TestServer;
    beforeAll(async () => {
      api = await startTestServer();
    });
    afterAll(() => api.close());

    it('accepts POSTs without a token', async () => {
      const run = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' });
      expect(run.status).toBe(200);
      const config = await api.post('/api/v1/agents/config', { agent_type: 'local' });
      expect(config.status).toBe(200);
      expect((await api.get('/api/v1/openapi.json')).json.paths['/api/v1/upsert-yml'].post.security).toBeUndefined();
    });
  });

  it('compares Bearer tokens exactly', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
  });
});
