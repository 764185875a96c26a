import { startTestServer, type TestServer } from './test-support/api-test-server';

const OPERATIONS = [
  'get /api/v1/health',
  'get /api/v1/openapi.json',
  'get /api/v1/benchmarks',
  'get /api/v1/benchmarks/{id}',
  'post /api/v1/benchmarks/{id}/run',
  'get /api/v1/benchmarks/{id}/status/{execution_id}',
  'get /api/v1/benchmarks/{id}/status',
  'post /api/v1/benchmarks/{id}/stop/{execution_id}',
  'post /api/v1/upsert-yml',
  'post /api/v1/benchmarks/execute-direct',
  'get /api/v1/agents',
  'get /api/v1/agent-performance',
  'post /api/v1/agents/config',
  'get /api/v1/agents/config/{agent_type}',
  'get /api/v1/sessions/consolidated/{id}',
  'get /api/v1/executions/{execution_id}/consolidated',
  'get /api/v1/consolidation/{execution_id}/status',
  'get /api/v1/flows/{session_id}',
  'get /api/v1/flow-logs/{benchmark_id}',
  'get /api/v1/execution-logs/{benchmark_id}',
  'get /api/v1/transaction-logs/{benchmark_id}',
  'get /api/v1/executions/{execution_id}/events',
  'get /api/v1/executions/{execution_id}',
  'get /api/v1/executions/{execution_id}/trace',
  'post /api/v1/agents/test',
  'post /api/v1/benchmarks/execute-bridge',
  'post /api/v1/benchmarks/execute-recovery',
];

interface Operation {
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown>; required?: string[] } } } };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('GET /api/v1/openapi.json', () => {
  let api: TestServer;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    api = await startTestServer();
    const answer = await api.get('/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.json.openapi).toBe('3.1.0');
    paths = answer.json.paths;
  });
  afterAll(() => api.close());

  const operation = (key: string): Operation => {
    const [method, path] = key.split(' ') as [string, string];
    const found = paths[path]?.[method];
    if (!found) throw new Error(`${key} is not documented`);
    return found;
  };

  it('documents every route, and only those', () => {
    const documented = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual([...OPERATIONS].sort());
  });

  it('documents every path parameter of each route as required', () => {
    for (const key of OPERATIONS) {
      const names = [...key.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1]);
      const parameters = operation(key).parameters?.filter((parameter) => parameter.in === 'path') ?? [];
      expect({ key, names: parameters.map((parameter) => parameter.name) }).toEqual({ key, names });
      expect(parameters.every((parameter) => parameter.required && parameter.schema['pattern'] !== undefined)).toBe(true);
    }
  });

  it('derives bodies and queries from the validating schemas', () => {
    const direct = operation('post /api/v1/benchmarks/execute-direct').requestBody?.content['application/json'].schema;
    expect(Object.keys(direct?.properties ?? {})).toEqual(
      expect.arrayContaining(['prompt', 'wallet', 'agent', 'execution_id', 'atomic_mode', 'initial_state']),
    );
    expect(direct?.required).toEqual(['prompt']);
    const query = operation('get /api/v1/transaction-logs/{benchmark_id}').parameters?.filter((parameter) => parameter.in === 'query');
    expect(query?.map((parameter) => parameter.name)).toEqual(['execution_id', 'format', 'show_cu']);
    expect(query?.find((parameter) => parameter.name === 'format')?.schema).toMatchObject({ enum: ['yaml', 'plain'] });
    const run = operation('get /api/v1/benchmarks/{id}/status/{execution_id}').responses['200']?.content?.['application/json']?.schema;
    expect(run).toMatchObject({ type: 'object' });
    expect(operation('get /api/v1/executions/{execution_id}/events').responses['200']?.content).toHaveProperty('text/event-stream');
  });
});
