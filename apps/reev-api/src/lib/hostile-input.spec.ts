import { PassThrough } from 'node:stream';
import { runApiCli } from './cli';
import { redactUrlSecrets } from './http/auth';
import { copySuite, startTestServer, type TestServer } from './test-support/api-test-server';
import { aliasBomb } from './test-support/hostile-yaml';

jest.setTimeout(60_000);

const RUN = '/api/v1/benchmarks/001-sol-transfer/run';

describe('hostile input is a 4xx naming what is wrong', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('an alias bomb, brackets nested 100 000 deep or an over-long YAML on upsert-yml: 400 naming the limit', async () => {
    const bomb = await api.post('/api/v1/upsert-yml', { yml_content: aliasBomb() });
    expect(bomb.status).toBe(400);
    expect(bomb.json).toMatchObject({ error: 'invalid_benchmark', message: expect.stringContaining('aliases expand beyond the limit of 100') });

    const deep = await api.post('/api/v1/upsert-yml', { yml_content: `id: deep\nprompt: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    expect(deep.status).toBe(400);
    expect(deep.json).toMatchObject({ message: expect.stringContaining('brackets nest 100000 deep; the limit is 64') });

    const long = await api.post('/api/v1/upsert-yml', { yml_content: `id: long\nprompt: ${'x'.repeat(300 * 1024)}\n` });
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({ message: expect.stringMatching(/the YAML is \d+ characters long; the limit is 262144/) });
  });

  it('the same alias bomb in a raw YAML body is a 400 too', async () => {
    const answer = await api.request('POST', '/api/v1/upsert-yml', { rawBody: aliasBomb(), headers: { 'content-type': 'application/yaml' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ message: expect.stringContaining('alias bomb') });
  });

  it('__proto__ and constructor.prototype keys are refused by name, not called broken JSON', async () => {
    const proto = await api.request('POST', RUN, { rawBody: '{"agent":"deterministic","__proto__":{"polluted":true}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
    expect(proto.json).toMatchObject({ error: 'invalid_request', message: 'body.__proto__: the key __proto__ is not accepted (it could change object prototypes)' });
    const nested = await api.request('POST', RUN, {
      rawBody: '{"agent":"deterministic","config":{"constructor":{"prototype":{"polluted":true}}}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(nested.status).toBe(400);
    expect(nested.json).toMatchObject({ message: expect.stringMatching(/^body\.config\.constructor\.prototype: /) });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a JSON null body is a 400, not a run with defaults', async () => {
    const answer = await api.post(RUN, null);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ message: 'body: expected a JSON object, got null' });
    expect(api.server.runs.list()).toEqual([]);
  });

  it('limit=0x10 (or 1e1, or +5) is a 400, not read as a number', async () => {
    for (const limit of ['0x10', '1e1', '+5', '5.0']) {
      const answer = await api.get(`/api/v1/benchmarks/001-sol-transfer?limit=${encodeURIComponent(limit)}`);
      expect({ limit, status: answer.status }).toEqual({ limit, status: 400 });
      expect(answer.json).toMatchObject({ message: 'query.limit: expected a whole number from 1 to 100 in decimal digits' });
    }
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer?limit=16')).status).toBe(200);
  });

  it('upsert refuses an id longer than the 128 characters the routes accept', async () => {
    const id = `b${'x'.repeat(128)}`;
    const answer = await api.post('/api/v1/upsert-yml', {
      yml_content: `id: ${id}\nprompt: send 0.1 SOL\ninitial_state:\n  - pubkey: USER_WALLET_PUBKEY\n    owner: "11111111111111111111111111111111"\n    lamports: 1000000000\nground_truth: {}\n`,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ message: 'yml_content id: a benchmark id has at most 128 characters' });
  });

  it('an initial_state that funds other accounts than the wallet is blamed on body.initial_state', async () => {
    const answer = await api.post('/api/v1/benchmarks/execute-direct', {
      prompt: 'send 1 SOL to RECIPIENT_WALLET_PUBKEY',
      initial_state: [{ pubkey: 'SOMEONE_ELSE', owner: '11111111111111111111111111111111', lamports: 2_000_000_000 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: 'invalid_initial_state',
      message: expect.stringMatching(/^body\.initial_state: no item funds the wallet USER_WALLET_PUBKEY \(the items fund SOMEONE_ELSE\)/),
    });
  });
});

describe('request logs', () => {
  it('redact a token in the query string', async () => {
    expect(redactUrlSecrets('/api/v1/health?token=s3cret&x=1&api_key=k')).toBe('/api/v1/health?token=[redacted]&x=1&api_key=[redacted]');
    const benchmarksDir = copySuite();
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
    let stop!: (signal: string) => void;
    const shutdown = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const code = await runApiCli(['--port', '0', '--db', ':memory:', '--benchmarks', benchmarksDir, '--log-level', 'info'], {
      stdout: new PassThrough(),
      stderr: logs,
      shutdown,
      onListening: (url) => {
        void fetch(`${url}/api/v1/health?token=s3cret-value`).then(() => stop('test'));
      },
    });
    expect(code).toBe(0);
    expect(logged).toContain('/api/v1/health?token=[redacted]');
    expect(logged).not.toContain('s3cret-value');
  });
});
