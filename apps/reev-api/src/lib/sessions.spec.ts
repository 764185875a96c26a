import { ConsolidatedSessionResponseSchema, ConsolidationStatusSchema, ExecutionLogsResponseSchema, FlowLogsResponseSchema, FlowResponseSchema, TransactionLogsResponseSchema } from './response-schemas';
import { startTestServer, waitFor, type TestServer } from './test-support/api-test-server';
import { openEventStream } from './test-support/event-stream';

describe('sessions, consolidation, flows and logs', () => {
  let api: TestServer;
  let staticRun: { executionId: string; consolidatedId: string };
  let dynamicRun: { executionId: string; consolidatedId: string };

  const runToEnd = async (benchmarkId: string, agent = 'deterministic') => {
    const started = await api.post(`/api/v1/benchmarks/${benchmarkId}/run`, { agent });
    const executionId: string = started.json.execution_id;
    const state = await waitFor(
      () => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${executionId}`),
      (answer) => answer.json.is_running === false,
    );
    return { executionId, consolidatedId: state.json.consolidated_session_id as string };
  };

  beforeAll(async () => {
    api = await startTestServer();
    staticRun = await runToEnd('002-spl-transfer');
    dynamicRun = await runToEnd('300-jup-swap-then-lend-deposit-dyn');
  });
  afterAll(() => api.close());

  it('serves a consolidated session by id and the newest of an execution', async () => {
    const byId = await api.get(`/api/v1/sessions/consolidated/${dynamicRun.consolidatedId}`);
    expect(byId.status).toBe(200);
    const session = ConsolidatedSessionResponseSchema.parse(byId.json);
    expect(session).toMatchObject({ session_id: dynamicRun.consolidatedId, execution_id: dynamicRun.executionId, success: true });
    expect(session.content.steps.length).toBe(session.metadata.session_count);
    expect(session.metadata.avg_score).toBe(1);

    const byExecution = await api.get(`/api/v1/executions/${dynamicRun.executionId}/consolidated`);
    expect(byExecution.json).toEqual(byId.json);

    expect((await api.get('/api/v1/sessions/consolidated/consolidated-unknown')).status).toBe(404);
    expect((await api.get('/api/v1/executions/unknown-execution/consolidated')).status).toBe(404);
    expect((await api.get('/api/v1/sessions/consolidated/%2e%2e%2fx')).status).toBe(400);
  });

  it('reports consolidation status: completed, in progress, pending, failed', async () => {
    const done = ConsolidationStatusSchema.parse((await api.get(`/api/v1/consolidation/${staticRun.executionId}/status`)).json);
    expect(done).toMatchObject({ complete: true, status: 'completed', consolidated_session_id: staticRun.consolidatedId });
    expect(done.metadata?.session_count).toBe(1);

    // A queued run has no steps yet; a run held in its second step has one.
    const held = await api.post('/api/v1/benchmarks/300-jup-swap-then-lend-deposit-dyn/run', { agent: 'gated' });
    const stream = await openEventStream(`${api.baseUrl}/api/v1/executions/${held.json.execution_id}/events`);
    for (let event = await stream.next(); event && event.type !== 'step_finished'; event = await stream.next());
    const inProgress = (await api.get(`/api/v1/consolidation/${held.json.execution_id}/status`)).json;
    expect(inProgress).toMatchObject({ complete: false, status: 'in_progress', consolidated_session_id: null });
    await api.post(`/api/v1/benchmarks/300-jup-swap-then-lend-deposit-dyn/stop/${held.json.execution_id}`);
    await stream.close();
    // A stopped run is still consolidated: every step, the stopped and skipped ones with their reason.
    const afterStop = (await api.get(`/api/v1/consolidation/${held.json.execution_id}/status`)).json;
    expect(afterStop).toMatchObject({ complete: true, status: 'completed' });

    const holder = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'held' });
    const others = await Promise.all(
      [1, 2, 3, 4].map(() => api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'held' })),
    );
    const queued = others.find((answer) => answer.json.status === 'Queued');
    expect(queued).toBeDefined();
    const pending = (await api.get(`/api/v1/consolidation/${queued?.json.execution_id}/status`)).json;
    expect(pending).toMatchObject({ complete: false, status: 'pending', message: 'no step session stored yet' });
    await api.post(`/api/v1/benchmarks/001-sol-transfer/stop/${queued?.json.execution_id}`);
    const failed = (await api.get(`/api/v1/consolidation/${queued?.json.execution_id}/status`)).json;
    expect(failed).toMatchObject({ complete: false, status: 'failed' });
    expect(failed.message).toMatch(/stopped before it started/);
    for (const answer of [holder, ...others]) {
      await api.post(`/api/v1/benchmarks/001-sol-transfer/stop/${answer.json.execution_id}`);
    }

    expect((await api.get('/api/v1/consolidation/unknown-execution/status')).status).toBe(404);
  });

  it('draws the flow of a consolidated session, an execution, or a single session log', async () => {
    const consolidated = FlowResponseSchema.parse((await api.get(`/api/v1/flows/${dynamicRun.consolidatedId}`)).json);
    expect(consolidated).toMatchObject({ session_id: dynamicRun.consolidatedId, source: 'consolidated', execution_id: dynamicRun.executionId });
    expect(consolidated.diagram).toMatch(/^stateDiagram-v2/);
    expect(consolidated.metadata.benchmark_id).toBe('300-jup-swap-then-lend-deposit-dyn');
    expect(consolidated.metadata.tool_count).toBe(consolidated.tool_calls.length);
    expect(consolidated.tool_calls.length).toBeGreaterThan(0);

    // The second answer comes from the server's cache of rendered consolidated flows: the same document.
    const again = await api.get(`/api/v1/flows/${dynamicRun.consolidatedId}`);
    expect(again.json).toEqual(consolidated);
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);

    const byExecution = FlowResponseSchema.parse((await api.get(`/api/v1/flows/${dynamicRun.executionId}?format=json`)).json);
    expect(byExecution.diagram).toBe(consolidated.diagram);

    const state = (await api.get(`/api/v1/benchmarks/002-spl-transfer/status/${staticRun.executionId}`)).json;
    const sessionId: string = state.steps[0].session_id;
    const single = FlowResponseSchema.parse((await api.get(`/api/v1/flows/${sessionId}`)).json);
    expect(single).toMatchObject({ source: 'session', session_id: sessionId, execution_id: staticRun.executionId });
    expect(single.tool_calls.map((call) => call.tool_name)).toEqual(['spl_transfer']);

    const html = await api.get(`/api/v1/flows/${dynamicRun.consolidatedId}?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.text).toContain('<script src="/assets/mermaid.min.js"></script>');
    expect(html.text).not.toMatch(/https?:\/\//);
    expect(html.text).toContain('<pre class="mermaid">\nstateDiagram-v2');
    const diagramText = /<pre class="mermaid">([^]*?)<\/pre>/.exec(html.text)?.[1] ?? '';
    expect(diagramText).toContain('--&#62;');
    expect(diagramText).not.toMatch(/[<>]/);
    const mermaid = await api.get('/assets/mermaid.min.js');
    expect(mermaid.status).toBe(200);

    expect((await api.get('/api/v1/flows/unknown-session')).status).toBe(404);
    const badFormat = await api.get(`/api/v1/flows/${dynamicRun.consolidatedId}?format=svg`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.json.message).toMatch(/^query\.format: /);
  });

  it('lists the session logs of a benchmark', async () => {
    const answer = await api.get('/api/v1/flow-logs/002-spl-transfer');
    const logs = FlowLogsResponseSchema.parse(answer.json);
    expect(logs.benchmark_id).toBe('002-spl-transfer');
    const session = logs.sessions.find((entry) => entry.execution_id === staticRun.executionId);
    expect(session).toMatchObject({ agent_type: 'deterministic', interface: 'api', status: 'Completed', is_running: false, score: 1 });
    expect(session?.log_content?.tool_calls.map((call) => call.tool_name)).toEqual(['spl_transfer']);

    expect((await api.get('/api/v1/flow-logs/116-jup-lend-redeem-usdc')).json.sessions).toEqual([]);
    expect((await api.get('/api/v1/flow-logs/999-unknown')).status).toBe(404);
    expect((await api.get('/api/v1/flow-logs/002-spl-transfer?limit=1000')).status).toBe(400);
  });

  it('renders an execution as an ASCII tree, the latest by default', async () => {
    const latest = ExecutionLogsResponseSchema.parse((await api.get('/api/v1/execution-logs/002-spl-transfer')).json);
    expect(latest).toMatchObject({ execution_id: staticRun.executionId, status: 'Completed', is_running: false, interface: 'api' });
    expect(latest.trace).toContain('spl_transfer');
    const chosen = (await api.get(`/api/v1/execution-logs/300-jup-swap-then-lend-deposit-dyn?execution_id=${dynamicRun.executionId}`)).json;
    expect(chosen.trace).toContain('jupiter_swap');
    expect(chosen.result.consolidated_session_id).toBe(dynamicRun.consolidatedId);

    expect((await api.get('/api/v1/execution-logs/116-jup-lend-redeem-usdc')).status).toBe(404);
    expect((await api.get(`/api/v1/execution-logs/001-sol-transfer?execution_id=${dynamicRun.executionId}`)).status).toBe(404);
    expect((await api.get('/api/v1/execution-logs/002-spl-transfer?execution_id=..%2F..')).status).toBe(400);
  });

  it('shows the program logs of every transaction, per step, as YAML or plain text', async () => {
    const yaml = TransactionLogsResponseSchema.parse((await api.get('/api/v1/transaction-logs/002-spl-transfer')).json);
    expect(yaml).toMatchObject({ execution_id: staticRun.executionId, format: 'yaml', show_cu: false, is_running: false });
    expect(yaml.transactions).toHaveLength(1);
    expect(yaml.transactions[0]).toMatchObject({ step_index: 0, status: 'Success' });
    expect(yaml.transactions[0]?.logs.some((line) => line.includes('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'))).toBe(true);
    expect(yaml.transaction_logs).toContain(`signature: ${yaml.transactions[0]?.signature}`);
    expect(yaml.transaction_logs).not.toMatch(/compute units/);

    const plain = (await api.get(`/api/v1/transaction-logs/300-jup-swap-then-lend-deposit-dyn?execution_id=${dynamicRun.executionId}&format=plain&show_cu=true`)).json;
    expect(plain.format).toBe('plain');
    expect(plain.transactions.length).toBeGreaterThanOrEqual(2);
    expect(plain.transaction_logs).toMatch(/^Step \d+ \(/);
    expect(plain.transaction_logs).toMatch(/\d+ CU/);

    expect((await api.get('/api/v1/transaction-logs/002-spl-transfer?show_cu=yes')).status).toBe(400);
    expect((await api.get('/api/v1/transaction-logs/999-unknown')).status).toBe(404);
  });
});
