import { FlowResponseSchema } from './response-schemas';
import { GateAgent, startTestServer, type TestServer } from './test-support/api-test-server';
import { openEventStream } from './test-support/event-stream';

// GET /flows/{id} keeps rendered answers only for a consolidated session asked for by its own id (immutable once
// stored); a flow still running, asked for by its execution id, is read again on every request.

jest.setTimeout(60_000);

describe('the rendered-flow cache', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ agents: { gated: () => new GateAgent(1) } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('never answers a running flow from what it was earlier', async () => {
    const held = await api.post('/api/v1/benchmarks/300-jup-swap-then-lend-deposit-dyn/run', { agent: 'gated' });
    const executionId: string = held.json.execution_id;
    const stream = await openEventStream(`${api.baseUrl}/api/v1/executions/${executionId}/events`);
    for (let event = await stream.next(); event && event.type !== 'step_finished'; event = await stream.next());
    const running = await api.get(`/api/v1/flows/${executionId}`);
    await api.post(`/api/v1/benchmarks/300-jup-swap-then-lend-deposit-dyn/stop/${executionId}`);
    for (let event = await stream.next(); event && event.type !== 'consolidated'; event = await stream.next());
    await stream.close();
    const ended = FlowResponseSchema.parse((await api.get(`/api/v1/flows/${executionId}`)).json);
    // Running: nothing consolidated yet under this execution id; ended: its consolidated session, not the 404 again.
    expect({ running: running.status, ended: ended.source }).toEqual({ running: 404, ended: 'consolidated' });
    expect(ended.execution_id).toBe(executionId);
  });
});
