import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeterministicAgent } from '@reev/agent';
import { openDatabase } from '@reev/db';
import { always, ModelServer, POLICY_MODEL_NAME, reply, startPolicyModelServer, withoutRunIdentity } from '@reev/testing';
import { AgentPerformanceSchema, ConsolidatedSessionResponseSchema, ExecuteDirectResponseSchema, ExecutionStateSchema } from './response-schemas';
import { startTestServer, waitFor, type TestServer } from './test-support/api-test-server';

// Real work (whole runs over HTTP to a model server, recorded then replayed): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

const REQUEST = 'swap 1 SOL to USDC then lend it';
/** An LLM agent name whose endpoint only a config gives (the test environment has no REEV_OPENAI_COMPATIBLE_URL). */
const CONFIGURED_AGENT = `openai-compatible:${POLICY_MODEL_NAME}`;

describe('llm_cache: record and replay per request, preflight', () => {
  let policy: ModelServer;
  let chat: ModelServer;
  let api: TestServer;

  beforeAll(async () => {
    policy = await startPolicyModelServer({ agent: new DeterministicAgent() });
    chat = await ModelServer.start({ apiKey: 'sk-right-key-9999', models: ['tiny-model'], answer: always(reply({ content: 'I will not act on this request.', model: 'tiny-model' })) });
    api = await startTestServer({
      environment: { ...policy.env, OPENAI_BASE_URL: chat.baseUrl, OPENAI_API_KEY: 'sk-wrong-key-0000' },
    });
  });
  afterAll(async () => {
    await api.close();
    await chat.stop();
    await policy.stop();
  });

  /** The state once the run has ended; a free request belongs to no benchmark and is found under any id. */
  const finished = async (executionId: string, benchmarkId = 'any') => {
    const answer = await waitFor(
      () => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${executionId}`),
      (state) => state.status !== 200 || state.json.is_running === false,
    );
    expect(answer.status).toBe(200);
    return ExecutionStateSchema.parse(answer.json);
  };

  const runToEnd = async (benchmarkId: string, body: unknown) => {
    const started = await api.post(`/api/v1/benchmarks/${benchmarkId}/run`, body);
    expect({ status: started.status, error: started.json.error }).toEqual({ status: 200, error: null });
    return finished(started.json.execution_id as string, benchmarkId);
  };

  /** What the API serves about a run (state, steps, result, consolidated record), modulo its ids and timings. */
  const servedRun = async (state: { execution_id: string; benchmark_id: string | null; result_data: unknown }) => {
    const consolidated = ConsolidatedSessionResponseSchema.parse((await api.get(`/api/v1/executions/${state.execution_id}/consolidated`)).json);
    const current = ExecutionStateSchema.parse((await api.get(`/api/v1/benchmarks/${state.benchmark_id ?? 'any'}/status/${state.execution_id}`)).json);
    const flowId = (state.result_data as { flow_id?: string } | null)?.flow_id;
    return withoutRunIdentity(
      {
        status: current.status,
        score: current.score,
        error: current.error_message,
        steps: current.steps,
        result: current.result_data,
        // The stored request differs by its llm_cache mode (record vs replay) and nothing else.
        metadata: { ...(current.metadata as Record<string, unknown> | null), request: undefined },
        consolidated: consolidated.content,
        summary: consolidated.metadata,
      },
      { execution: state.execution_id, consolidated: consolidated.session_id, ...(flowId !== undefined ? { flow: flowId } : {}) },
    );
  };

  it('records a benchmark run and a free request, and replays both with the model server stopped: same tool calls, same score', async () => {
    const recordedRun = await runToEnd('001-sol-transfer', { agent: 'local', llm_cache: 'record' });
    expect(recordedRun).toMatchObject({ status: 'Completed', score: 1, agent: 'local' });
    expect(policy.modelListRequests().length).toBe(1);
    expect(policy.chatBodies()).toHaveLength(2);
    // Token accounting of the model's two answers, on the step and summed in the consolidated record.
    const stepUsage = recordedRun.steps[0]?.usage;
    expect(stepUsage).toMatchObject({ llm_calls: 2 });
    expect(stepUsage?.input_tokens).toBeGreaterThan(0);
    const recordedSession = ConsolidatedSessionResponseSchema.parse(
      (await api.get(`/api/v1/sessions/consolidated/${recordedRun.consolidated_session_id ?? ''}`)).json,
    );
    expect(recordedSession.metadata.usage).toMatchObject({ llm_calls: 2, input_tokens: stepUsage?.input_tokens, output_tokens: stepUsage?.output_tokens });
    expect(recordedSession.content.steps[0]?.usage).toMatchObject({ llm_calls: 2 });
    const recordedCalls = recordedSession.content.steps.flatMap((step) => step.tool_calls);
    expect(recordedCalls.map((call) => call.tool_name)).toEqual(['sol_transfer']);

    const config = { agent_type: CONFIGURED_AGENT, api_url: policy.baseUrl };
    const recordedRequest = await api.post('/api/v1/benchmarks/execute-direct', { prompt: REQUEST, agent: CONFIGURED_AGENT, config, llm_cache: 'record' });
    expect(recordedRequest.status).toBe(200);
    const recordedFlow = ExecuteDirectResponseSchema.parse(recordedRequest.json);
    expect(recordedFlow).toMatchObject({ status: 'Completed', result: { success: true, score: 1 } });
    expect(recordedFlow.tool_calls.map((call) => call.tool_name)).toEqual(['jupiter_swap', 'jupiter_lend_earn_deposit']);
    expect(recordedFlow.result?.step_results.every((step) => (step.usage?.llm_calls ?? 0) === 2)).toBe(true);
    expect(policy.modelListRequests().length).toBe(2);
    const recordedRequestState = await finished(recordedFlow.execution_id);

    const expectedRun = await servedRun(recordedRun);
    const expectedRequest = await servedRun(recordedRequestState);
    const chatRequests = policy.chatBodies().length;
    await policy.stop();

    const replayedRun = await runToEnd('001-sol-transfer', { agent: 'local', llm_cache: 'replay' });
    expect(replayedRun.execution_id).not.toBe(recordedRun.execution_id);
    expect(await servedRun(replayedRun)).toEqual(expectedRun);
    const replayedSession = ConsolidatedSessionResponseSchema.parse((await api.get(`/api/v1/executions/${replayedRun.execution_id}/consolidated`)).json);
    expect(replayedSession.content.steps.flatMap((step) => step.tool_calls).map((call) => call.output)).toEqual(recordedCalls.map((call) => call.output));

    // The config saved by the recording run points the agent at the (now stopped) server.
    const replayedRequest = await api.post('/api/v1/benchmarks/execute-direct', { prompt: REQUEST, agent: CONFIGURED_AGENT, llm_cache: 'replay' });
    expect(replayedRequest.status).toBe(200);
    const replayedFlow = ExecuteDirectResponseSchema.parse(replayedRequest.json);
    expect(replayedFlow.result?.score).toBe(recordedFlow.result?.score);
    expect(replayedFlow.tool_calls.map((call) => call.result_data)).toEqual(recordedFlow.tool_calls.map((call) => call.result_data));
    expect(await servedRun(await finished(replayedFlow.execution_id))).toEqual(expectedRequest);
    expect(policy.chatBodies()).toHaveLength(chatRequests);
    expect(policy.modelListRequests().length).toBe(2);
  });

  it('replay needs no key and no server; a miss ends the step with a readable error', async () => {
    const miss = await runToEnd('002-spl-transfer', { agent: 'local', llm_cache: 'replay' });
    expect(miss.steps[0]).toMatchObject({ success: false, status: 'failed', usage: null });
    expect(miss.steps[0]?.error).toMatch(
      /^replay miss: no recorded response for model scripted-policy at turn 1 of step 002-spl-transfer \(run 0, key [0-9a-f]{12}\)$/,
    );

    // glm-4.6 needs ZAI_API_KEY to ask its model, not to replay.
    const unkeyed = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'glm-4.6' });
    expect(unkeyed.status).toBe(400);
    expect(unkeyed.json).toMatchObject({ error: 'agent_configuration', variable: 'ZAI_API_KEY' });
    const replayed = await runToEnd('001-sol-transfer', { agent: 'glm-4.6', llm_cache: 'replay' });
    expect(replayed.steps[0]?.error).toMatch(/^replay miss: no recorded response for model glm-4\.6 at turn 1 of step 001-sol-transfer/);
  });

  it('refuses an llm_cache it does not know, naming body.llm_cache', async () => {
    for (const [url, body] of [
      ['/api/v1/benchmarks/001-sol-transfer/run', { agent: 'local', llm_cache: 'sometimes' }],
      ['/api/v1/benchmarks/execute-direct', { prompt: REQUEST, llm_cache: 'REPLAY' }],
      ['/api/v1/benchmarks/execute-direct', { prompt: REQUEST, llm_cache: 1 }],
    ] as const) {
      const answer = await api.post(url, body);
      expect({ url, status: answer.status, error: answer.json.error }).toEqual({ url, status: 400, error: 'invalid_request' });
      expect(answer.json.message).toBe('body.llm_cache: expected one of off, record, replay, auto');
    }
    // The deterministic agent has no model: any mode is accepted and changes nothing.
    const deterministic = await runToEnd('001-sol-transfer', { agent: 'deterministic', llm_cache: 'record' });
    expect(deterministic).toMatchObject({ status: 'Completed', score: 1 });
    expect(deterministic.steps[0]?.usage).toBeNull();
  });

  it('checks the model endpoint before starting a run that would ask it: 502 naming the endpoint or the key', async () => {
    const executionsBefore = (await api.get('/api/v1/benchmarks/001-sol-transfer?limit=100')).json.recent_executions.length as number;
    // The policy server is stopped: nothing answers at its URL any more.
    for (const llm_cache of ['off', 'record', 'auto']) {
      const answer = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'local', llm_cache });
      expect({ llm_cache, status: answer.status, error: answer.json.error }).toEqual({ llm_cache, status: 502, error: 'model_unreachable' });
      expect(answer.json.endpoint).toBe(`${policy.baseUrl}/models`);
      expect(answer.json.message).toContain(`model endpoint ${policy.baseUrl}/models is unreachable`);
    }
    const direct = await api.post('/api/v1/benchmarks/execute-direct', { prompt: REQUEST, agent: 'local' });
    expect(direct.status).toBe(502);
    expect(direct.json).toMatchObject({ error: 'model_unreachable', endpoint: `${policy.baseUrl}/models` });
    expect((await api.get('/api/v1/benchmarks/001-sol-transfer?limit=100')).json.recent_executions).toHaveLength(executionsBefore);

    // The environment's OPENAI_API_KEY is not the one the server wants.
    const wrongVariable = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'gpt-4o-mini' });
    expect(wrongVariable.status).toBe(502);
    expect(wrongVariable.json).toMatchObject({ error: 'model_key_rejected', variable: 'OPENAI_API_KEY', endpoint: `${chat.baseUrl}/models` });
    expect(wrongVariable.json.message).toMatch(/rejected the API key \(HTTP 401\); check OPENAI_API_KEY$/);

    const config = { agent_type: 'openai-compatible:tiny-model', api_url: chat.baseUrl, api_key: 'sk-wrong-config-1111' };
    const wrongConfig = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'openai-compatible:tiny-model', config });
    expect(wrongConfig.status).toBe(502);
    expect(wrongConfig.json).toMatchObject({ error: 'model_key_rejected', field: 'config.api_key', endpoint: `${chat.baseUrl}/models` });
    expect(wrongConfig.text).not.toContain('sk-wrong-config-1111');
    // A refused config is not saved.
    expect((await api.get('/api/v1/agents/config/openai-compatible:tiny-model')).status).toBe(404);

    const right = await runToEnd('001-sol-transfer', { agent: 'openai-compatible:tiny-model', config: { ...config, api_key: 'sk-right-key-9999' } });
    expect(right).toMatchObject({ status: 'Completed', agent: 'openai-compatible:tiny-model' });
    // Each wrong key got as far as the preflight's GET /models (rejected there); only the right one reached a chat.
    expect(chat.modelListRequests().map((request) => request.headers.authorization)).toEqual(['Bearer sk-wrong-key-0000', 'Bearer sk-wrong-config-1111', 'Bearer sk-right-key-9999']);
    expect(chat.chatRequests().map((request) => request.headers.authorization)).toEqual(['Bearer sk-right-key-9999']);
  });
});

describe('GET /api/v1/agent-performance: repeated-run figures', () => {
  it('gives per agent and benchmark the runs, passes, mean, standard deviation, pass@k and pass^k with k = runs', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-performance-'));
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    try {
      const database = await openDatabase({ url: databaseUrl });
      try {
        const rows: [string, string, number, boolean][] = [
          ['model-a', 'b-flaky', 1, true],
          ['model-a', 'b-flaky', 0.5, false],
          ['model-a', 'b-flaky', 0, false],
          ['model-a', 'b-steady', 1, true],
          ['model-a', 'b-steady', 0.8, true],
          ['model-a', 'b-broken', 0.25, false],
          ['model-b', 'b-flaky', 0.75, true],
        ];
        for (const [index, [agent, benchmarkId, score, passed]] of rows.entries()) {
          await database.writer.insertAgentPerformance({ sessionId: `s${index}`, benchmarkId, agent, score, passed, finalStatus: 'completed', executionTimeMs: 10 });
        }
      } finally {
        await database.close();
      }

      const api = await startTestServer({ databaseUrl });
      try {
        const summaries = AgentPerformanceSchema.array().parse((await api.get('/api/v1/agent-performance')).json);
        expect(summaries.map((summary) => summary.agent_type)).toEqual(['model-a', 'model-b']);
        const [modelA, modelB] = summaries;
        // The original fields stay as they were.
        expect(modelA).toMatchObject({ total_benchmarks: 6, best_benchmarks: ['b-steady', 'b-flaky', 'b-broken'], worst_benchmarks: ['b-broken', 'b-flaky', 'b-steady'] });
        expect(modelA?.average_score).toBeCloseTo(3.55 / 6, 10);
        expect(modelA?.success_rate).toBeCloseTo(3 / 6, 10);
        expect(modelA?.results).toHaveLength(6);

        const figures = modelA?.repeated_runs ?? [];
        expect(figures.map((figure) => figure.benchmark_id)).toEqual(['b-broken', 'b-flaky', 'b-steady']);
        const [broken, flaky, steady] = figures;
        expect(broken).toEqual({ benchmark_id: 'b-broken', runs: 1, passes: 0, mean_score: 0.25, std_dev_score: 0, pass_at_k: 0, pass_hat_k: 0, k: 1 });
        expect(flaky).toMatchObject({ benchmark_id: 'b-flaky', runs: 3, passes: 1, mean_score: 0.5, pass_at_k: 1, pass_hat_k: 0, k: 3 });
        expect(flaky?.std_dev_score).toBeCloseTo(Math.sqrt(1 / 6), 10);
        expect(steady).toMatchObject({ benchmark_id: 'b-steady', runs: 2, passes: 2, pass_at_k: 1, pass_hat_k: 1, k: 2 });
        expect(steady?.mean_score).toBeCloseTo(0.9, 10);
        expect(steady?.std_dev_score).toBeCloseTo(0.1, 10);
        expect(modelB?.repeated_runs).toEqual([
          { benchmark_id: 'b-flaky', runs: 1, passes: 1, mean_score: 0.75, std_dev_score: 0, pass_at_k: 1, pass_hat_k: 1, k: 1 },
        ]);
      } finally {
        await api.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
