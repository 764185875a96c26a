import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DeterministicAgent, type Agent, type AgentStepRequest, type AgentStepResponse } from '@reev/agent';
import { closedPort, ModelServer, POLICY_MODEL_NAME, startPolicyModelServer } from '@reev/testing';
import { DynamicFlowPlanSchema } from '@reev/types';
import { retriesWithin } from './runs/recovery-plan';
import { RecoveryConfigSchema } from './request-schemas';
import { startTestServer, waitFor, type TestServer } from './test-support/api-test-server';

// What the original reev's clients (its web UI, its CURL.md and DEV_FLOW.md sequences) send and read, against the
// real server: in-memory libSQL, the embedded LiteSVM, real HTTP. Local OpenAI-compatible servers stand in for the
// model endpoints.

jest.setTimeout(120_000);

const ORIGINAL_STATUSES = ['Queued', 'Running', 'Completed', 'Failed', 'Stopped', 'Timeout', 'Interrupted', 'NeedsInput'];

/** Fails the first step it is asked for, then acts as the deterministic agent: a step only a retry can save. */
class FailsOnceAgent implements Agent {
  readonly name = 'fails-once';
  private readonly inner = new DeterministicAgent();
  private calls = 0;

  async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
    this.calls += 1;
    if (this.calls === 1) return { finalMessage: 'the model timed out', turns: 1, error: 'model endpoint timed out' };
    return this.inner.runStep(request);
  }
}

function durations(toolCalls: unknown): number[] {
  return (toolCalls as { duration_ms: number }[]).map((call) => call.duration_ms);
}

async function runToEnd(api: TestServer, benchmarkId: string, body: Record<string, unknown>) {
  const started = await api.post(`/api/v1/benchmarks/${benchmarkId}/run`, body);
  expect({ status: started.status, body: started.json }).toMatchObject({ status: 200 });
  return await waitFor(
    () => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${started.json.execution_id as string}`),
    (answer) => answer.status === 200 && answer.json.is_running === false,
  );
}

describe('statuses and shapes as the original clients read them', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ agents: { 'fails-once': () => new FailsOnceAgent() } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('sends execution statuses as the original ExecutionStatus names on every route that carries one', async () => {
    const started = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' });
    expect(['Queued', 'Running']).toContain(started.json.status);
    const executionId = started.json.execution_id as string;
    const state = await waitFor(
      () => api.get(`/api/v1/benchmarks/001-sol-transfer/status/${executionId}`),
      (answer) => answer.json.status === 'Completed',
    );
    expect(state.json).toMatchObject({ status: 'Completed', is_running: false, score: 1 });
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer/status')).json.status).toBe('Completed');
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer')).json.recent_executions[0]).toMatchObject({ status: 'Completed' });
    const logs = (await api.get(`/api/v1/execution-logs/001-sol-transfer?execution_id=${executionId}`)).json;
    expect(logs).toMatchObject({ status: 'Completed', final_status: 'Completed' });
    const sessions = (await api.get('/api/v1/flow-logs/001-sol-transfer')).json.sessions as { status: string }[];
    expect(sessions.map((session) => session.status)).toEqual(sessions.map(() => 'Completed'));
    const performance = (await api.get('/api/v1/agent-performance')).json as { agent_type: string; results: { final_status: string }[] }[];
    const deterministic = performance.find((entry) => entry.agent_type === 'deterministic');
    expect(deterministic?.results.every((result) => ORIGINAL_STATUSES.includes(result.final_status))).toBe(true);
    expect(deterministic?.results[0]?.final_status).toBe('Completed');
    expect(deterministic?.results.map((result) => Number.isInteger((result as { execution_time_ms?: number }).execution_time_ms))).not.toContain(false);
  });

  it('execute-direct: integer duration_ms, a metadata object, and its flow_id works where an execution id goes', async () => {
    const answer = await api.post('/api/v1/benchmarks/execute-direct', {
      prompt: 'swap 1 SOL to USDC then lend it',
      wallet: 'USER_WALLET_PUBKEY',
      agent: 'deterministic',
      shared_surfpool: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('Completed');
    expect(Number.isInteger(answer.json.duration_ms)).toBe(true);
    // Whole milliseconds wherever the original had u64/i64 ones.
    expect(durations(answer.json.tool_calls).every(Number.isInteger)).toBe(true);
    const flowId = answer.json.result.flow_id as string;
    expect(answer.json.metadata).toEqual({
      tool_count: answer.json.tool_calls.length,
      agent: 'deterministic',
      execution_mode: 'direct',
      flow_id: flowId,
      wallet: 'USER_WALLET_PUBKEY',
      atomic_mode: 'Strict',
    });
    expect(answer.json.metadata.tool_count).toBeGreaterThan(0);
    expect(answer.json.result).toMatchObject({ consolidation_enabled: true, tool_calls: answer.json.tool_calls });

    // The original CURL.md: GET /executions/$FLOW_ID and /executions/$EXECUTION_ID, polled until "completed".
    for (const id of [answer.json.execution_id as string, flowId]) {
      const execution = await api.get(`/api/v1/executions/${id}`);
      expect({ id, status: execution.status }).toEqual({ id, status: 200 });
      expect(execution.json).toMatchObject({ execution_id: answer.json.execution_id, status: 'completed', wire_status: 'Completed', score: 1 });
      const trace = await api.get(`/api/v1/executions/${id}/trace`);
      expect(trace.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(trace.text).toMatch(/Step 1 · swap_1 · completed/);
      expect(trace.text).toMatch(/Step 2 · lend_2 · completed/);
    }

    // DEV_FLOW.md: GET /flows/$FLOW_ID, then .metadata | {tool_count, state_count, session_id}.
    const flow = await api.get(`/api/v1/flows/${flowId}`);
    expect(flow.status).toBe(200);
    expect(flow.json.metadata).toMatchObject({
      tool_count: answer.json.metadata.tool_count,
      session_id: answer.json.result.consolidated_session_id,
      benchmark_id: flowId,
      flow_id: flowId,
    });
    expect(Number.isInteger(flow.json.metadata.execution_time_ms)).toBe(true);
    expect(flow.json.diagram).toMatch(/^stateDiagram-v2/);
    expect(durations(flow.json.tool_calls).every(Number.isInteger)).toBe(true);
    const consolidated = await api.get(`/api/v1/sessions/consolidated/${answer.json.result.consolidated_session_id as string}`);
    expect(Number.isInteger(consolidated.json.metadata.execution_duration_ms)).toBe(true);
    const benchmarkRun = await runToEnd(api, '001-sol-transfer', { agent: 'deterministic' });
    const benchmarkFlow = await api.get(`/api/v1/flows/${benchmarkRun.json.execution_id as string}`);
    expect(benchmarkFlow.json.metadata).toMatchObject({ benchmark_id: '001-sol-transfer', flow_id: null });

    // CURL.md's quick start checks /health at the root.
    const health = await api.get('/health');
    expect({ status: health.status, body: health.json }).toMatchObject({ status: 200, body: { status: 'healthy', database: 'ok' } });

    for (const missing of ['/api/v1/executions/flow-0000000000000000', '/api/v1/executions/flow-0000000000000000/trace', '/api/v1/flows/flow-0000000000000000']) {
      const notFound = await api.get(missing);
      expect({ missing, status: notFound.status, error: notFound.json.error }).toEqual({ missing, status: 404, error: 'not_found' });
    }
  });

  it('execute-bridge runs as execute-direct and writes the plan as YAML (result.yml_file)', async () => {
    const answer = await api.post('/api/v1/benchmarks/execute-bridge', {
      prompt: 'use 75% of my SOL to get maximum USDC yield on Jupiter',
      wallet: 'USER_WALLET_PUBKEY',
      agent: 'deterministic',
      shared_surfpool: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'Completed', result: { execution_mode: 'bridge', success: true }, metadata: { execution_mode: 'bridge' } });
    const file = answer.json.result.yml_file as string;
    expect(existsSync(file)).toBe(true);
    const plan = DynamicFlowPlanSchema.parse(parse(readFileSync(file, 'utf8')));
    expect(plan.flow_id).toBe(answer.json.result.flow_id);
    expect(plan.steps.length).toBe(answer.json.result.steps_generated);
  });

  it('execute-recovery retries a failed step within recovery_config; execute-direct does not', async () => {
    const body = { prompt: 'swap 1 SOL to USDC', wallet: 'USER_WALLET_PUBKEY', agent: 'fails-once' };
    const direct = await api.post('/api/v1/benchmarks/execute-direct', body);
    expect(direct.json).toMatchObject({ status: 'Failed', result: { success: false } });
    expect(direct.json.result.step_results).toHaveLength(1);

    const recovery_config = { base_retry_delay_ms: 5, max_retry_delay_ms: 20, backoff_multiplier: 2, max_recovery_time_ms: 100, enable_alternative_flows: true, enable_user_fulfillment: false };
    const recovered = await api.post('/api/v1/benchmarks/execute-recovery', { ...body, recovery_config });
    expect(recovered.status).toBe(200);
    expect(recovered.json).toMatchObject({
      status: 'Completed',
      result: { execution_mode: 'recovery', success: true, score: 1, recovery_enabled: true, recovery_config },
      metadata: { execution_mode: 'recovery' },
    });
    const steps = recovered.json.result.step_results as { attempt: number; success: boolean }[];
    const attempts = steps.map((step) => [step.attempt, step.success]);
    expect(attempts).toEqual([
      [1, false],
      [2, true],
    ]);

    // No recovery time: no retry, so the same failure as execute-direct.
    const noTime = await api.post('/api/v1/benchmarks/execute-recovery', { ...body, recovery_config: { max_recovery_time_ms: 0 } });
    expect(noTime.json).toMatchObject({ status: 'Failed', result: { execution_mode: 'recovery', success: false } });
    const bad = await api.post('/api/v1/benchmarks/execute-recovery', { ...body, recovery_config: { backoff_multiplier: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/^body\.recovery_config\.backoff_multiplier: /);
  });

  it('counts the retries that fit the recovery time, each wait capped', () => {
    const config = (fields: Record<string, number>) => RecoveryConfigSchema.parse(fields);
    // 1000 + 2000 + 4000 + 8000 + 10000 (16000 capped) = 25000 ≤ 30000; one more 10000 would pass it.
    expect(retriesWithin(config({}))).toBe(5);
    expect(retriesWithin(config({ max_recovery_time_ms: 999 }))).toBe(0);
    expect(retriesWithin(config({ base_retry_delay_ms: 10, max_retry_delay_ms: 10, max_recovery_time_ms: 35 }))).toBe(3);
    expect(retriesWithin(config({ base_retry_delay_ms: 0 }))).toBe(10);
  });
});

describe('CORS for the original web UI, served from another port', () => {
  let api: TestServer;
  const TOKEN = 'cors-test-token';

  beforeAll(async () => {
    api = await startTestServer({ apiToken: TOKEN, corsOrigins: ['https://reev.example:8443'] });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers preflights from localhost/127.0.0.1 pages on any port before auth', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:4173', 'https://reev.example:8443']) {
      const preflight = await api.request('OPTIONS', '/api/v1/benchmarks/001-sol-transfer/run', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect({ origin, status: preflight.status }).toEqual({ origin, status: 204 });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    }
    const get = await api.request('GET', '/api/v1/benchmarks', { headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    // A 401 from auth still carries the header, so the page can read why.
    const unauthorized = await api.request('POST', '/api/v1/benchmarks/001-sol-transfer/run', { headers: { origin: 'http://localhost:5173' }, body: {} });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('gives other web sites nothing to read, and refuses their POSTs without running them', async () => {
    const origin = 'https://attacker.example';
    const preflight = await api.request('OPTIONS', '/api/v1/benchmarks', { headers: { origin, 'access-control-request-method': 'GET' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const get = await api.request('GET', '/api/v1/benchmarks', { headers: { origin } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const before = (await api.get('/api/v1/benchmarks/001-sol-transfer')).json.recent_executions.length as number;
    const post = await api.request('POST', '/api/v1/benchmarks/001-sol-transfer/run', { headers: { origin }, token: TOKEN });
    expect(post.status).toBe(403);
    expect(post.json).toMatchObject({ error: 'forbidden_origin' });
    expect(post.json.message).toContain(`--cors-origin ${origin}`);
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer')).json.recent_executions).toHaveLength(before);
  });
});

describe('LLM agents as the original web UI configures them', () => {
  let api: TestServer;
  let policy: ModelServer;
  let keyed: ModelServer;

  beforeAll(async () => {
    policy = await startPolicyModelServer({ agent: new DeterministicAgent() });
    keyed = await ModelServer.start({ apiKey: 'sk-right-key-9876', models: ['tiny-model'] });
    // No LOCAL_MODEL_* variables: everything comes from POST /agents/config, as from the UI.
    api = await startTestServer({ environment: {} });
  });
  afterAll(async () => {
    await api.close();
    await policy.stop();
    await keyed.stop();
  });

  it('Test Connection asks the endpoint and reports its models, a rejected key, or no answer', async () => {
    const deterministic = await api.post('/api/v1/agents/test', { agent_type: 'deterministic', api_url: '', api_key: '' });
    expect(deterministic.json).toMatchObject({ status: 'success', endpoint: null });

    const reachable = await api.post('/api/v1/agents/test', { agent_type: 'local', api_url: policy.baseUrl, api_key: 'anything' });
    expect(reachable.json).toEqual({
      status: 'success',
      message: `${policy.baseUrl}/models answered HTTP 200; models: ${POLICY_MODEL_NAME}`,
      endpoint: `${policy.baseUrl}/models`,
      models: [POLICY_MODEL_NAME],
    });

    const wrongKey = await api.post('/api/v1/agents/test', { agent_type: 'glm-4.6', api_url: keyed.baseUrl, api_key: 'sk-wrong' });
    expect(wrongKey.json).toMatchObject({ status: 'error', endpoint: `${keyed.baseUrl}/models` });
    expect(wrongKey.json.message).toMatch(/rejected the API key \(HTTP 401\)/);

    const closedUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const unreachable = await api.post('/api/v1/agents/test', { agent_type: 'local', api_url: closedUrl, api_key: 'x' });
    expect(unreachable.json).toMatchObject({ status: 'error', endpoint: `${closedUrl}/models` });
    expect(unreachable.json.message).toMatch(/is unreachable/);

    const gemini = await api.post('/api/v1/agents/test', { agent_type: 'gemini-2.5-flash-lite', api_url: '', api_key: '' });
    expect(gemini.json).toMatchObject({ status: 'error', endpoint: null });
    expect(gemini.json.message).toMatch(/POST \/api\/v1\/agents\/config/);
  });

  it('the UI sends the masked key back on Test Connection and Save: it means the saved key', async () => {
    await api.post('/api/v1/agents/config', { agent_type: 'glm-4.6', api_url: keyed.baseUrl, api_key: 'sk-right-key-9876' });
    const shown = (await api.get('/api/v1/agents/config/glm-4.6')).json;
    expect(shown.api_key).toBe('***9876');
    const test = await api.post('/api/v1/agents/test', shown);
    expect(test.json).toMatchObject({ status: 'success' });
    expect(keyed.modelListRequests().at(-1)?.headers.authorization).toBe('Bearer sk-right-key-9876');
    await api.post('/api/v1/agents/config', shown);
    expect(await api.post('/api/v1/agents/test', { agent_type: 'glm-4.6' })).toMatchObject({ json: { status: 'success' } });
    expect(keyed.modelListRequests().at(-1)?.headers.authorization).toBe('Bearer sk-right-key-9876');
  });

  it('a Local tab config without a model runs on the model the server lists', async () => {
    const saved = await api.post('/api/v1/agents/config', { agent_type: 'local', api_url: policy.baseUrl, api_key: '' });
    expect(saved.json).toEqual({ status: 'saved', agent_type: 'local' });
    const before = policy.chatBodies().length;
    const state = await runToEnd(api, '001-sol-transfer', { agent: 'local' });
    expect(state.json).toMatchObject({ status: 'Completed', agent: 'local', score: 1 });
    expect(policy.chatBodies().slice(before).every((request) => request.model === POLICY_MODEL_NAME)).toBe(true);
    expect(policy.chatBodies().length).toBeGreaterThan(before);
  });

  it('with only LOCAL_MODEL_URL set (no config, no LOCAL_MODEL_NAME), local runs on the model the server lists', async () => {
    const envOnly = await startTestServer({ environment: { LOCAL_MODEL_URL: policy.baseUrl } });
    try {
      const state = await runToEnd(envOnly, '001-sol-transfer', { agent: 'local' });
      expect(state.json).toMatchObject({ status: 'Completed', agent: 'local', score: 1 });
      expect(policy.chatBodies().at(-1)?.model).toBe(POLICY_MODEL_NAME);
    } finally {
      await envOnly.close();
    }
  });

  it('an agent the UI lists but has no route: a clear 400 naming what to configure, then it runs on the saved endpoint', async () => {
    const refused = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'gemini-2.5-flash-lite' });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'unknown_agent', field: 'config.api_url' });
    expect(refused.json.message).toMatch(/^unknown agent "gemini-2.5-flash-lite": it has no built-in route; save its OpenAI-compatible endpoint with POST \/api\/v1\/agents\/config/);

    await api.post('/api/v1/agents/config', { agent_type: 'gemini-2.5-flash-lite', api_url: policy.baseUrl, api_key: 'sk-gemini-1234' });
    const before = policy.chatBodies().length;
    const state = await runToEnd(api, '001-sol-transfer', { agent: 'gemini-2.5-flash-lite' });
    expect(state.json).toMatchObject({ status: 'Completed', agent: 'gemini-2.5-flash-lite', score: 1 });
    expect(policy.chatBodies().slice(before).map((request) => request.model)).toContain('gemini-2.5-flash-lite');
  });
});
