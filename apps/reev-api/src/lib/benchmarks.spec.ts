import { readdirSync } from 'node:fs';
import { BenchmarkDetailSchema, BenchmarkInfoSchema, ErrorResponseSchema, ExecutionResponseSchema, ExecutionStateSchema } from './response-schemas';
import { startTestServer, SUITE_DIR, waitFor, type TestServer } from './test-support/api-test-server';

const TERMINAL = ['Completed', 'Failed', 'Stopped', 'Timeout', 'NeedsInput', 'Interrupted'];

describe('benchmarks and runs over HTTP', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  const pollStatus = (benchmarkId: string, executionId: string) =>
    waitFor(
      () => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${executionId}`),
      (answer) => answer.status === 200 && TERMINAL.includes(answer.json.status),
    );

  it('lists every benchmark of the directory, by id, in the documented shape', async () => {
    const answer = await api.get('/api/v1/benchmarks');
    expect(answer.status).toBe(200);
    const list = BenchmarkInfoSchema.array().parse(answer.json);
    const files = readdirSync(SUITE_DIR).filter((name) => name.endsWith('.yml'));
    expect(list).toHaveLength(files.length);
    expect(list.map((b) => b.id)).toEqual([...list.map((b) => b.id)].sort());
    const transfer = list.find((b) => b.id === '001-sol-transfer');
    expect(transfer).toMatchObject({ flow_type: 'static', steps: 1 });
    expect(transfer?.prompt).toMatch(/SOL/);
    expect(list.find((b) => b.id === '300-jup-swap-then-lend-deposit-dyn')?.flow_type).toBe('dynamic');
  });

  it('runs a benchmark in the background and reports it live, then as stored, to completion', async () => {
    const started = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' });
    expect(started.status).toBe(200);
    const response = ExecutionResponseSchema.parse(started.json);
    expect(['Queued', 'Running']).toContain(response.status);
    expect(response).toMatchObject({ duration_ms: 0, result: null, error: null, tool_calls: [] });

    const final = await pollStatus('001-sol-transfer', response.execution_id);
    const state = ExecutionStateSchema.parse(final.json);
    expect(state).toMatchObject({
      execution_id: response.execution_id,
      benchmark_id: '001-sol-transfer',
      agent: 'deterministic',
      mode: 'static',
      status: 'Completed',
      is_running: false,
      progress: 1,
      score: 1,
    });
    expect(state.steps).toHaveLength(1);
    expect(state.steps[0]).toMatchObject({ step_index: 0, success: true, status: 'completed', tool_count: 1 });
    expect(state.consolidated_session_id).toMatch(/^consolidated-/);

    const detail = BenchmarkDetailSchema.parse((await api.get('/api/v1/benchmarks/001-sol-transfer')).json);
    expect(detail.latest_execution_id).toBe(response.execution_id);
    expect(detail.recent_executions[0]).toMatchObject({ execution_id: response.execution_id, agent_type: 'deterministic', status: 'Completed', score: 1 });

    const latest = await api.get('/api/v1/benchmarks/001-sol-transfer/status');
    expect(latest.json.execution_id).toBe(response.execution_id);
    const byAgent = await api.get('/api/v1/benchmarks/001-sol-transfer/status?agent=deterministic');
    expect(byAgent.json.execution_id).toBe(response.execution_id);
  });

  it('runs a two-step flow and a dynamic benchmark with their stored steps', async () => {
    const flow = await api.post('/api/v1/benchmarks/200-jup-swap-then-lend-deposit/run', { agent: 'deterministic' });
    const dynamic = await api.post('/api/v1/benchmarks/300-jup-swap-then-lend-deposit-dyn/run', {});
    const flowState = ExecutionStateSchema.parse((await pollStatus('200-jup-swap-then-lend-deposit', flow.json.execution_id)).json);
    const dynamicState = ExecutionStateSchema.parse((await pollStatus('300-jup-swap-then-lend-deposit-dyn', dynamic.json.execution_id)).json);
    expect(flowState).toMatchObject({ status: 'Completed', mode: 'static', score: 1 });
    expect(flowState.steps.map((s) => s.step_id)).toEqual(['step_1', 'step_2']);
    expect(dynamicState).toMatchObject({ status: 'Completed', mode: 'dynamic', agent: 'deterministic', score: 1 });
    expect(dynamicState.steps.length).toBeGreaterThanOrEqual(2);
    expect(dynamicState.steps.every((s) => s.success)).toBe(true);
  });

  it('answers 404 for unknown benchmarks and executions, and for an execution under another benchmark', async () => {
    const missing = await api.get('/api/v1/benchmarks/999-nope');
    expect(missing.status).toBe(404);
    expect(ErrorResponseSchema.parse(missing.json)).toMatchObject({ error: 'not_found', message: 'no benchmark 999-nope' });
    expect((await api.post('/api/v1/benchmarks/999-nope/run', { agent: 'deterministic' })).status).toBe(404);
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer/status/0000-unknown')).status).toBe(404);
    expect((await api.get('/api/v1/benchmarks/999-nope/status')).status).toBe(404);
    expect((await api.get('/api/v1/benchmarks/002-spl-transfer/status')).json.message).toBe('benchmark 002-spl-transfer has no executions');
    expect((await api.post('/api/v1/benchmarks/001-sol-transfer/stop/0000-unknown')).status).toBe(404);

    const run = await api.post('/api/v1/benchmarks/001-sol-transfer/run', {});
    await pollStatus('001-sol-transfer', run.json.execution_id);
    const elsewhere = await api.get(`/api/v1/benchmarks/002-spl-transfer/status/${run.json.execution_id}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.message).toBe(`execution ${run.json.execution_id} belongs to benchmark 001-sol-transfer, not 002-spl-transfer`);
    const latestOfOtherAgent = await api.get('/api/v1/benchmarks/001-sol-transfer/status?agent=held');
    expect(latestOfOtherAgent.status).toBe(404);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const unknownAgent = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'no-such-agent' });
    expect(unknownAgent.status).toBe(400);
    expect(unknownAgent.json).toMatchObject({ error: 'unknown_agent' });
    expect(unknownAgent.json.message).toContain('unknown agent "no-such-agent"');

    const wrongType = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toBe('invalid_request');
    expect(wrongType.json.message).toMatch(/^body\.agent: /);

    const badConfig = await api.post('/api/v1/benchmarks/001-sol-transfer/run', {
      agent: 'local',
      config: { agent_type: 'local', api_url: 'ftp://example.test' },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.json.message).toMatch(/^body\.config\.api_url: expected an http/);

    const notJson = await api.request('POST', '/api/v1/benchmarks/001-sol-transfer/run', {
      rawBody: '{"agent":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toBe('invalid_json');

    const badLimit = await api.get('/api/v1/benchmarks/001-sol-transfer?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.message).toMatch(/^query\.limit: /);

    const badExecutionId = await api.get('/api/v1/benchmarks/001-sol-transfer/status/-bad');
    expect(badExecutionId.status).toBe(400);
    expect(badExecutionId.json.message).toMatch(/^params\.execution_id: /);

    const badAgentQuery = await api.get('/api/v1/benchmarks/001-sol-transfer/status?agent=');
    expect(badAgentQuery.status).toBe(400);
    expect(badAgentQuery.json.message).toMatch(/^query\.agent: /);
  });

  it('never lets a benchmark or execution id reach outside the benchmarks directory', async () => {
    const attempts = [
      '/api/v1/benchmarks/..%2F..%2Fetc%2Fpasswd',
      '/api/v1/benchmarks/%2e%2e%2f%2e%2e%2fpackage.json',
      '/api/v1/benchmarks/..',
      '/api/v1/benchmarks/.hidden',
      '/api/v1/benchmarks/%2Fetc%2Fpasswd',
      '/api/v1/benchmarks/../../package.json',
      '/api/v1/benchmarks/001-sol-transfer/status/..%2F..%2Fx',
      '/api/v1/execution-logs/..%2Fbenchmarks',
      '/api/v1/flow-logs/%2e%2e',
    ];
    for (const url of attempts) {
      const answer = await api.get(url);
      expect({ url, rejected: [400, 404].includes(answer.status) }).toEqual({ url, rejected: true });
      expect(answer.text).not.toMatch(/root:|"name": "reev/);
    }
    const encoded = await api.get('/api/v1/benchmarks/%2e%2e%2f001-sol-transfer');
    expect(encoded.status).toBe(400);
    expect(encoded.json.message).toMatch(/^params\.id: a benchmark id/);
    const run = await api.post('/api/v1/benchmarks/..%2F001-sol-transfer/run', {});
    expect(run.status).toBe(400);
  });
});
