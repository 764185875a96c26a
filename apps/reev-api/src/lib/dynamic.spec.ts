import { ExecuteDirectResponseSchema } from './response-schemas';
import { startTestServer, type TestServer } from './test-support/api-test-server';

const URL = '/api/v1/benchmarks/execute-direct';

describe('POST /api/v1/benchmarks/execute-direct', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('plans and runs a free request to the end and returns its real outcome', async () => {
    const answer = await api.post(URL, {
      prompt: 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter',
      wallet: 'USER_WALLET_PUBKEY',
      agent: 'deterministic',
    });
    expect(answer.status).toBe(200);
    const response = ExecuteDirectResponseSchema.parse(answer.json);
    const result = response.result;
    if (!result) throw new Error('execute-direct answered without a result');
    expect(response.status).toBe('Completed');
    expect(response.error).toBeNull();
    expect(result).toMatchObject({
      execution_id: response.execution_id,
      execution_mode: 'direct',
      success: true,
      score: 1,
      prompt_processed: 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter',
    });
    expect(result.steps_generated).toBe(result.total_steps);
    expect(result.step_results).toHaveLength(result.steps_generated);
    expect(result.consolidated_session_id).toMatch(/^consolidated-/);
    expect(response.tool_calls.map((call) => call.tool_name)).toEqual(expect.arrayContaining(['jupiter_swap', 'jupiter_lend_earn_deposit']));
    expect(response.tool_calls.every((call) => call.success && call.tool_args === JSON.stringify(call.params))).toBe(true);
    expect(response.logs[0]).toMatch(/^planned \d+ steps/);
    expect(response.logs.at(-1)).toBe('completed: score 1.00');

    const stored = await api.get(`/api/v1/benchmarks/any/status/${response.execution_id}`);
    expect(stored.json).toMatchObject({ status: 'Completed', mode: 'dynamic', benchmark_id: null, score: 1 });
    expect(stored.json.metadata.flow_id).toBe(result.flow_id);
  });

  it('honours atomic_mode, a client execution_id and a custom initial_state', async () => {
    const answer = await api.post(URL, {
      prompt: 'swap 2 SOL to USDC',
      agent: 'deterministic',
      execution_id: 'client-chosen-1',
      atomic_mode: 'lenient',
      initial_state: [{ pubkey: 'USER_WALLET_PUBKEY', owner: '11111111111111111111111111111111', lamports: 3_000_000_000 }],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ execution_id: 'client-chosen-1', status: 'Completed' });
    expect(answer.json.logs[0]).toMatch(/Lenient\)$/);

    const taken = await api.post(URL, { prompt: 'swap 1 SOL to USDC', execution_id: 'client-chosen-1' });
    expect(taken.status).toBe(409);
    expect(taken.json.message).toBe('execution client-chosen-1 already exists; choose another execution_id');
  });

  it('answers 422 for a request no plan fits the wallet, naming why', async () => {
    const answer = await api.post(URL, { prompt: 'swap 500 SOL to USDC', agent: 'deterministic' });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error: 'planning_failed' });
    expect(answer.json.message).toMatch(/SOL/);
    const nonsense = await api.post(URL, { prompt: 'sing me a song about the moon' });
    expect(nonsense.status).toBe(422);
    const noPosition = await api.post(URL, { prompt: 'withdraw all my lending positions', agent: 'deterministic' });
    expect(noPosition.status).toBe(422);
    expect(noPosition.json).toMatchObject({ error: 'planning_failed', reason: 'no_position' });
    expect(noPosition.json.message).toMatch(/the wallet has no lending position/);
    const negative = await api.post(URL, { prompt: 'swap -50% of my SOL to USDC', agent: 'deterministic' });
    expect(negative.status).toBe(422);
    expect(negative.json.message).toMatch(/-50% is negative/);
  });

  it('rejects invalid bodies with 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^body\.prompt: /],
      [{ prompt: '   ' }, /^body\.prompt: the request is empty/],
      [{ prompt: 'x'.repeat(1001) }, /^body\.prompt: the request is longer than 1000 characters/],
      [{ prompt: 'swap 1 SOL to USDC', atomic_mode: 'sometimes' }, /^body\.atomic_mode: /],
      [{ prompt: 'swap 1 SOL to USDC', execution_id: '../escape' }, /^body\.execution_id: /],
      [{ prompt: 'swap 1 SOL to USDC', wallet: '' }, /^body\.wallet: /],
      [{ prompt: 'swap 1 SOL to USDC', initial_state: [{ pubkey: 'X', owner: 'Y' }] }, /^body\.initial_state\.0\.lamports: /],
      [{ prompt: 'swap 1 SOL to USDC', agent: 'nobody' }, /unknown agent "nobody"/],
    ];
    for (const [body, message] of cases) {
      const answer = await api.post(URL, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.json.message).toMatch(message);
    }
    const badOwner = await api.post(URL, {
      prompt: 'swap 1 SOL to USDC',
      initial_state: [{ pubkey: 'USER_WALLET_PUBKEY', owner: 'not-a-program', lamports: 5_000_000_000 }],
    });
    expect(badOwner.status).toBe(400);
    expect(badOwner.json).toMatchObject({ error: 'invalid_initial_state' });
    expect(badOwner.json.message).toBe('body.initial_state: initial_state[0] (USER_WALLET_PUBKEY): owner must be a program id (base58), got "not-a-program"');

    const unknownWallet = await api.post(URL, { prompt: 'swap 1 SOL to USDC', wallet: 'NOT_A_WALLET' });
    expect(unknownWallet.status).toBe(400);
    expect(unknownWallet.json).toMatchObject({ error: 'invalid_wallet' });
    expect(unknownWallet.json.message).toMatch(/^body\.wallet: /);
  });
});
