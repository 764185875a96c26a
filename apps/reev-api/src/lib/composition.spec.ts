import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_OPTIONS, openDatabase } from '@reev/db';
import { PLANNER, RuleBasedPlanner } from '@reev/orchestrator';
import { replanningPlanner } from '@reev/testing';
import { ExecuteDirectResponseSchema } from './response-schemas';
import { startTestServer } from './test-support/api-test-server';

const URL = '/api/v1/benchmarks/execute-direct';

describe('reev-api composition: a token registered over the server container replaces its part', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-composition-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('plans free requests with the planner registered over PLANNER', async () => {
    const planner = replanningPlanner(new RuleBasedPlanner(), 'check my wallet balance', 'planned-by-the-overriding-planner');
    const api = await startTestServer({ overrides: (container) => container.register(PLANNER, { useValue: planner }) });
    try {
      const answer = await api.post(URL, { prompt: 'swap 2 SOL to USDC', agent: 'deterministic' });
      expect(answer.status).toBe(200);
      expect(answer.json.result).toMatchObject({ flow_id: 'planned-by-the-overriding-planner', success: true, steps_generated: 1 });
      const response = ExecuteDirectResponseSchema.parse(answer.json);
      expect(response.tool_calls.map((call) => call.tool_name)).toEqual(['get_account_balance']);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('stores runs in the database registered over DATABASE_OPTIONS, not the one databaseUrl names', async () => {
    const named = path.join(directory, 'named.db');
    const overridden = path.join(directory, 'override.db');
    const api = await startTestServer({
      databaseUrl: `file:${named}`,
      overrides: (container) => container.register(DATABASE_OPTIONS, { useValue: { url: `file:${overridden}` } }),
    });
    let executionId: string;
    try {
      const answer = await api.post(URL, { prompt: 'swap 2 SOL to USDC', agent: 'deterministic' });
      expect(answer.status).toBe(200);
      executionId = answer.json.execution_id as string;
    } finally {
      await api.close();
    }
    expect(existsSync(named)).toBe(false);
    const stored = await openDatabase({ url: `file:${overridden}` });
    try {
      expect(await stored.reader.getExecution(executionId)).toMatchObject({ status: 'completed', mode: 'dynamic' });
    } finally {
      await stored.close();
    }
  }, 60_000);
});
