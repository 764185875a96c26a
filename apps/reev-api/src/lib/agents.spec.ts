import { Writable } from 'node:stream';
import { always, ModelServer, reply } from '@reev/testing';
import { maskApiKey } from './agents/agent-directory';
import { MaskedAgentConfigSchema } from './request-schemas';
import { AgentPerformanceSchema } from './response-schemas';
import { startTestServer, waitFor, type TestServer } from './test-support/api-test-server';

const SECRET = 'sk-very-secret-key-1234';

describe('agents', () => {
  let api: TestServer;
  let chat: ModelServer;
  const logs: string[] = [];

  beforeAll(async () => {
    chat = await ModelServer.start({ models: ['tiny-model'], answer: always(reply({ content: 'I will not act on this request.', model: 'tiny-model' })) });
    api = await startTestServer({
      environment: {},
      logger: {
        level: 'trace',
        stream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logs.push(chunk.toString('utf8'));
            done();
          },
        }),
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await chat.stop();
  });

  const runToEnd = async (benchmarkId: string, body: unknown) => {
    const started = await api.post(`/api/v1/benchmarks/${benchmarkId}/run`, body);
    expect(started.status).toBe(200);
    return waitFor(
      () => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${started.json.execution_id}`),
      (answer) => answer.json.is_running === false,
    );
  };

  it('lists the registered agents and the named LLM routes', async () => {
    const names = (await api.get('/api/v1/agents')).json as string[];
    expect(names.slice(0, 3)).toEqual(['deterministic', 'gated', 'held']);
    expect(names).toEqual(expect.arrayContaining(['local', 'glm-4.6', 'glm-4.6-coding', 'gpt-*', 'openai-compatible:<model>']));
  });

  it('keeps an agent config in memory and never returns its key in full', async () => {
    const saved = await api.post('/api/v1/agents/config', { agent_type: 'local', api_url: chat.baseUrl, api_key: SECRET, model: 'tiny-model' });
    expect(saved.json).toEqual({ status: 'saved', agent_type: 'local' });
    const config = MaskedAgentConfigSchema.parse((await api.get('/api/v1/agents/config/local')).json);
    expect(config).toEqual({ agent_type: 'local', api_url: chat.baseUrl, api_key: '***1234', model: 'tiny-model' });

    expect((await api.get('/api/v1/agents/config/glm-4.6')).status).toBe(404);
    const invalid = await api.post('/api/v1/agents/config', { agent_type: '', api_key: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.message).toMatch(/^body\.agent_type: /);
    expect(maskApiKey('abcd')).toBe('***');
    expect(maskApiKey('abcde')).toBe('***bcde');
  });

  it('runs an LLM agent against the configured server, sending the saved key', async () => {
    const state = await runToEnd('001-sol-transfer', { agent: 'local' });
    expect(state.json).toMatchObject({ status: 'Completed', agent: 'local' });
    expect(state.json.steps[0]).toMatchObject({ tool_count: 0 });
    expect(state.json.score).toBeLessThan(1);
    expect(chat.chatRequests().length).toBeGreaterThan(0);
    expect(chat.chatRequests()[0]).toMatchObject({ headers: { authorization: `Bearer ${SECRET}` }, body: { model: 'tiny-model' } });
  });

  it("saves a run's config under its agent, as the original did", async () => {
    const before = chat.chatRequests().length;
    const state = await runToEnd('002-spl-transfer', {
      agent: 'local',
      config: { agent_type: 'local', api_url: chat.baseUrl, api_key: 'sk-run-key-5678', model: 'tiny-model' },
    });
    expect(state.json.status).toBe('Completed');
    expect(chat.chatRequests().slice(before).every((request) => request.headers.authorization === 'Bearer sk-run-key-5678')).toBe(true);
    expect((await api.get('/api/v1/agents/config/local')).json.api_key).toBe('***5678');
  });

  it('answers 400 naming the missing variable when an LLM agent has no key', async () => {
    const answer = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'glm-4.6' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'agent_configuration', variable: 'ZAI_API_KEY' });
    const unconfigured = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'openai-compatible:qwen3' });
    expect(unconfigured.status).toBe(400);
    expect(unconfigured.json.message).toMatch(/REEV_OPENAI_COMPATIBLE_URL/);
  });

  it('summarises agent performance from the stored runs', async () => {
    await runToEnd('001-sol-transfer', { agent: 'deterministic' });
    await runToEnd('003-spl-transfer-fail', { agent: 'deterministic' });
    const summaries = AgentPerformanceSchema.array().parse((await api.get('/api/v1/agent-performance')).json);
    const deterministic = summaries.find((summary) => summary.agent_type === 'deterministic');
    expect(deterministic).toBeDefined();
    expect(deterministic?.total_benchmarks).toBe(2);
    expect(deterministic?.best_benchmarks[0]).toBe('001-sol-transfer');
    expect(deterministic?.worst_benchmarks[0]).toBe('003-spl-transfer-fail');
    expect(deterministic?.results.map((result) => result.benchmark_id).sort()).toEqual(['001-sol-transfer', '003-spl-transfer-fail']);
    expect(summaries.find((summary) => summary.agent_type === 'local')?.total_benchmarks).toBe(2);
  });

  it('never shows an API key in full in any answer or log line', async () => {
    const answers = await Promise.all(
      ['/api/v1/agents/config/local', '/api/v1/agent-performance', '/api/v1/flow-logs/001-sol-transfer', '/api/v1/execution-logs/001-sol-transfer'].map(
        (url) => api.get(url),
      ),
    );
    for (const answer of answers) {
      expect(answer.text).not.toContain(SECRET);
      expect(answer.text).not.toContain('sk-run-key-5678');
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain(SECRET);
    expect(logs.join('')).not.toContain('sk-run-key-5678');
  });
});
