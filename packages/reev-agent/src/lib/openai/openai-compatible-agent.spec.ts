import { errorReply, ModelServer, reply } from '@reev/testing';
import { USDC_MINT } from '@reev/types';
import { OpenAiCompatibleAgent } from './openai-compatible-agent';
import { resolveModelRoute } from './model-route';
import { agentOn, sentMessages, stepRequest, toolResult } from './test-support/agent-harness';
import { FEE_LAMPORTS, RECIPIENT_WALLET, ScriptedToolEdge, USER_WALLET } from './test-support/scripted-tools';

const balanceCall = { id: 'call_balance', name: 'get_account_balance', arguments: { pubkey: USER_WALLET } };
const transferArgs = { user_pubkey: USER_WALLET, recipient_pubkey: RECIPIENT_WALLET, amount: 100_000_000 };
const transferCall = { id: 'call_transfer', name: 'sol_transfer', arguments: transferArgs };

describe('OpenAiCompatibleAgent', () => {
  let server: ModelServer;
  let edge: ScriptedToolEdge;

  beforeEach(async () => {
    server = await ModelServer.start();
    edge = new ScriptedToolEdge();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('solves a step over several turns: balance, then transfer, then a final answer', async () => {
    server.enqueue(
      reply({ reasoningContent: 'First check the balance.', toolCalls: [balanceCall] }),
      reply({ toolCalls: [transferCall] }),
      reply({ content: 'Sent 0.1 SOL to the recipient.' }),
    );
    const request = stepRequest(edge);
    const response = await agentOn(server).runStep(request);

    expect(response.error).toBeUndefined();
    expect(response.finalMessage).toBe('Sent 0.1 SOL to the recipient.');
    expect(response.turns).toBe(3);
    expect(edge.invocations).toEqual([
      { callId: 'call_balance', name: 'get_account_balance', arguments: { pubkey: USER_WALLET } },
      { callId: 'call_transfer', name: 'sol_transfer', arguments: transferArgs },
    ]);
    expect(edge.balance(RECIPIENT_WALLET)).toBe(100_000_000);
    expect(edge.balance(USER_WALLET)).toBe(1_000_000_000 - 100_000_000 - FEE_LAMPORTS);

    const [first, second, third] = server.chatRequests();
    const firstBody = first.body as { model: string; tools: unknown[]; tool_choice: string };
    expect(firstBody.model).toBe('scripted-model');
    expect(firstBody.tool_choice).toBe('auto');
    expect(firstBody.tools).toEqual(request.tools.map((tool) => ({ type: 'function', function: tool })));
    const [system, user] = sentMessages(first.body);
    expect(system.role).toBe('system');
    expect(system.content).toContain(`Your wallet (signer and fee payer; use it as user_pubkey): ${USER_WALLET}`);
    expect(system.content).toContain(`- RECIPIENT_WALLET_PUBKEY: ${RECIPIENT_WALLET}`);
    expect(system.content).toContain(`- USDC: mint ${USDC_MINT}, 6 decimals (1 USDC = 1000000 base units)`);
    expect(system.content).toContain('integers in base units');
    expect(system.content).toContain('reply with a short summary\n  and no tool calls');
    expect(user.role).toBe('user');
    expect(user.content).toContain(request.prompt);
    expect(user.content).toContain(`"${RECIPIENT_WALLET}": 0`);
    // A keyless local route sends no Authorization header at all.
    expect(first.headers.authorization).toBeUndefined();

    const assistant = sentMessages(second.body)[2];
    expect(assistant.role).toBe('assistant');
    expect(assistant.tool_calls).toEqual([
      { id: 'call_balance', type: 'function', function: { name: 'get_account_balance', arguments: JSON.stringify({ pubkey: USER_WALLET }) } },
    ]);
    expect(toolResult(second.body, 'call_balance')).toEqual({
      ok: true,
      output: { pubkey: USER_WALLET, account_type: 'wallet', lamports: 1_000_000_000, sol: '1', token_accounts: [] },
    });
    expect(toolResult(third.body, 'call_transfer')).toMatchObject({ ok: true, output: { signature: '5scripted1', status: 'Success' } });
  });

  it('passes the tool validation error back so the model can correct its arguments', async () => {
    server.enqueue(
      reply({ toolCalls: [{ id: 'call_bad', name: 'sol_transfer', arguments: { ...transferArgs, amount: 0.1 } }] }),
      reply({ toolCalls: [transferCall] }),
      reply({ content: 'Done.' }),
    );
    const response = await agentOn(server).runStep(stepRequest(edge));

    expect(response.error).toBeUndefined();
    expect(response.finalMessage).toBe('Done.');
    expect(edge.invocations.map((call) => call.arguments)).toEqual([{ ...transferArgs, amount: 0.1 }, transferArgs]);
    expect(toolResult(server.chatRequests()[1].body, 'call_bad')).toEqual({
      ok: false,
      error: 'invalid arguments for sol_transfer: amount: expected a positive integer number of lamports',
    });
  });

  it('answers an unknown tool name with a tool result naming the allowed tools, without calling it', async () => {
    server.enqueue(
      reply({ toolCalls: [{ id: 'call_unknown', name: 'transfer_sol', arguments: transferArgs }] }),
      reply({ toolCalls: [transferCall] }),
      reply({ content: 'Done.' }),
    );
    const response = await agentOn(server).runStep(stepRequest(edge));

    expect(response.error).toBeUndefined();
    expect(edge.invocations.map((call) => call.name)).toEqual(['sol_transfer']);
    expect(toolResult(server.chatRequests()[1].body, 'call_unknown')).toEqual({
      ok: false,
      error: 'unknown tool "transfer_sol"; the tools you may call are: get_account_balance, sol_transfer',
    });
  });

  it('answers malformed JSON arguments with a tool result saying so, without calling the tool', async () => {
    server.enqueue(
      reply({ toolCalls: [{ id: 'call_broken', name: 'sol_transfer', arguments: '{"user_pubkey": "E4aH' }] }),
      reply({ toolCalls: [transferCall] }),
      reply({ content: 'Done.' }),
    );
    const response = await agentOn(server).runStep(stepRequest(edge));

    expect(response.error).toBeUndefined();
    expect(edge.invocations).toHaveLength(1);
    const result = toolResult(server.chatRequests()[1].body, 'call_broken');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^the arguments of sol_transfer are not valid JSON \(.+\); send one JSON object/);
  });

  it('gives tool calls without an id a stable one and passes empty arguments as {}', async () => {
    server.enqueue(
      reply({ toolCalls: [{ name: 'get_account_balance', arguments: '' }] }),
      reply({ content: 'The balance tool needs a pubkey.' }),
    );
    const response = await agentOn(server).runStep(stepRequest(edge));

    expect(response.error).toBeUndefined();
    expect(edge.invocations).toEqual([{ callId: 'call_t1_0', name: 'get_account_balance', arguments: {} }]);
    expect(toolResult(server.chatRequests()[1].body, 'call_t1_0')).toEqual({
      ok: false,
      error: 'invalid arguments for get_account_balance: pubkey: Invalid input: expected string, received undefined',
    });
  });

  it('ends with a step error when the model answers with reasoning_content only', async () => {
    server.enqueue(reply({ content: null, reasoningContent: 'I should transfer 0.1 SOL, i.e. 100000000 lamports.' }));
    const response = await agentOn(server).runStep(stepRequest(edge));

    expect(response.error).toBe(
      'model scripted-model answered turn 1 with reasoning_content only (no content, no tool call): ' +
        '"I should transfer 0.1 SOL, i.e. 100000000 lamports."',
    );
    expect(response.finalMessage).toBe('');
    expect(response.turns).toBe(1);
  });

  it('ends with a step error on an empty response', async () => {
    server.enqueue(reply({ content: '   ', finishReason: 'length' }));
    const response = await agentOn(server).runStep(stepRequest(edge));
    expect(response.error).toBe('model scripted-model returned an empty response at turn 1 (no content, no tool call, finish_reason length)');
  });

  it('ends with a step error on a body that is not a chat completion', async () => {
    server.enqueue({ body: { object: 'chat.completion', choices: [] } }, { body: { detail: 'upstream overloaded' } });
    const noChoices = await agentOn(server).runStep(stepRequest(edge));
    expect(noChoices.error).toBe(`model scripted-model at ${server.baseUrl} (turn 1): the response has no choices`);

    const notCompletion = await agentOn(server).runStep(stepRequest(edge));
    expect(notCompletion.error).toBe(
      `model scripted-model at ${server.baseUrl} (turn 1): the response is not a chat completion ` +
        '(choices: Invalid input: expected array, received undefined)',
    );
  });

  it('retries a 429 after the Retry-After the server asked for, then succeeds', async () => {
    server.enqueue(errorReply(429, 'Rate limit reached', { 'retry-after': '0' }), reply({ content: 'Nothing to do.' }));
    // The backoff alone would wait a minute (beyond the test timeout): finishing proves Retry-After was used.
    const agent = agentOn(server, { retry: { maxRetries: 2, initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const response = await agent.runStep(stepRequest(edge));

    expect(response.error).toBeUndefined();
    expect(response.finalMessage).toBe('Nothing to do.');
    expect(server.chatRequests()).toHaveLength(2);
    expect(response.usage?.calls?.[0]).toMatchObject({ turn: 1, attempts: 2, source: 'network' });
  });

  it('honours retry-after-ms as well', async () => {
    server.enqueue(errorReply(503, 'overloaded', { 'retry-after-ms': '1' }), reply({ content: 'ok' }));
    const agent = agentOn(server, { retry: { maxRetries: 1, initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const response = await agent.runStep(stepRequest(edge));
    expect(response.error).toBeUndefined();
    expect(response.usage?.calls?.[0]?.attempts).toBe(2);
  });

  it('gives up when the server asks to wait longer than the longest allowed wait', async () => {
    server.enqueue(errorReply(429, 'Rate limit reached', { 'retry-after': '120' }));
    const response = await agentOn(server).runStep(stepRequest(edge));
    expect(response.error).toBe(
      `model request to scripted-model at ${server.baseUrl} (turn 1) failed: 429 Rate limit reached; ` +
        'the server asked to retry after 120000 ms, more than the longest allowed wait of 50 ms',
    );
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('bounds retries on 5xx and reports the last failure', async () => {
    server.enqueue(errorReply(503, 'busy'), errorReply(502, 'bad gateway'), errorReply(500, 'internal'));
    const response = await agentOn(server).runStep(stepRequest(edge));
    expect(response.error).toBe(`model request to scripted-model at ${server.baseUrl} (turn 1) failed after 3 attempts: 500 internal`);
    expect(server.chatRequests()).toHaveLength(3);
    expect(response.usage).toMatchObject({ llmCalls: 0, inputTokens: 0, outputTokens: 0 });
  });

  it('does not retry a 400', async () => {
    server.enqueue(errorReply(400, 'tools[0].function.parameters is invalid'));
    const response = await agentOn(server).runStep(stepRequest(edge));
    expect(response.error).toBe(
      `model request to scripted-model at ${server.baseUrl} (turn 1) failed: 400 tools[0].function.parameters is invalid`,
    );
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('sends the key as a bearer token and names the key variable when the server rejects it', async () => {
    const keyed = await ModelServer.start({ apiKey: 'right-key' });
    try {
      const env = { REEV_OPENAI_COMPATIBLE_URL: keyed.baseUrl, REEV_OPENAI_COMPATIBLE_KEY: 'wrong-key' };
      const agent = new OpenAiCompatibleAgent({ route: resolveModelRoute('openai-compatible:qwen3-8b', env) });
      const response = await agent.runStep(stepRequest(edge));
      expect(response.error).toBe(
        `model request to qwen3-8b at ${keyed.baseUrl} (turn 1) failed: 401 Incorrect API key provided; check REEV_OPENAI_COMPATIBLE_KEY`,
      );
      expect(keyed.chatRequests()[0].headers.authorization).toBe('Bearer wrong-key');
    } finally {
      await keyed.stop();
    }
  });

  it('times out a request that gets no answer, retries it, then ends with a step error', async () => {
    server.enqueue({ hang: true }, { hang: true });
    const agent = agentOn(server, { requestTimeoutMs: 100, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 10 } });
    const response = await agent.runStep(stepRequest(edge));
    expect(response.error).toBe(`model request to scripted-model at ${server.baseUrl} (turn 1) failed after 2 attempts: no answer within 100 ms`);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('stops a pending request when the step signal aborts', async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const running = agentOn(server).runStep(stepRequest(edge, { signal: controller.signal }));
    await server.waitForRequests(1);
    controller.abort(new Error('execution stopped'));
    const response = await running;
    expect(response.error).toBe('step aborted (execution stopped)');
    expect(response.turns).toBe(0);
  });

  it('stops while waiting to retry when the step signal aborts', async () => {
    server.enqueue(errorReply(429, 'Rate limit reached', { 'retry-after': '30' }));
    const controller = new AbortController();
    const agent = agentOn(server, { retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 60_000 } });
    const running = agent.runStep(stepRequest(edge, { signal: controller.signal }));
    await server.waitForRequests(1);
    controller.abort();
    const response = await running;
    expect(response.error).toBe('step aborted (This operation was aborted)');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('does not call the model when the step is already aborted', async () => {
    const response = await agentOn(server).runStep(stepRequest(edge, { signal: AbortSignal.abort(new Error('stopped by user')) }));
    expect(response.error).toBe('step aborted (stopped by user)');
    expect(server.requests).toHaveLength(0);
  });

  it('stops with an error once the step goes over its token budget, without running that answer’s tool calls', async () => {
    const usage = { prompt_tokens: 100, completion_tokens: 20 };
    server.enqueue(reply({ toolCalls: [balanceCall], usage }), reply({ toolCalls: [transferCall], usage }));
    const response = await agentOn(server, { maxTokensPerStep: 200 }).runStep(stepRequest(edge));

    expect(response.error).toBe('token budget exceeded: step 001-sol-transfer used 240 tokens in 2 model call(s), over its budget of 200');
    expect(edge.invocations.map((call) => call.name)).toEqual(['get_account_balance']);
    expect(response.turns).toBe(2);
    expect(response.usage).toMatchObject({ inputTokens: 200, outputTokens: 40, llmCalls: 2 });
  });

  it('stops after maxTurns model answers when the model keeps calling tools', async () => {
    server.enqueue(reply({ toolCalls: [balanceCall] }), reply({ toolCalls: [balanceCall] }), reply({ content: 'never asked for' }));
    const response = await agentOn(server).runStep(stepRequest(edge, { maxTurns: 2 }));

    expect(response.error).toBe('the model was still calling tools after 2 turn(s) (maxTurns) in step 001-sol-transfer');
    expect(response.turns).toBe(2);
    expect(server.chatRequests()).toHaveLength(2);
    expect(server.pending).toBe(1);
  });

  it('rejects a maxTurns below 1 without calling the model', async () => {
    const response = await agentOn(server).runStep(stepRequest(edge, { maxTurns: 0 }));
    expect(response.error).toBe('maxTurns must be a positive integer, got 0');
    expect(server.requests).toHaveLength(0);
  });

  it('accounts tokens per call and per step, and cost from the price table', async () => {
    server.enqueue(
      reply({ toolCalls: [transferCall], usage: { prompt_tokens: 1000, completion_tokens: 200 } }),
      reply({ content: 'Done.', usage: { prompt_tokens: 1500, completion_tokens: 100 } }),
    );
    const agent = agentOn(server, { prices: { 'scripted-model': { inputPerMTok: 2, outputPerMTok: 8 } } });
    const response = await agent.runStep(stepRequest(edge));

    const usage = response.usage!;
    expect(usage).toMatchObject({ inputTokens: 2500, outputTokens: 300, llmCalls: 2 });
    expect(usage.costUsd).toBeCloseTo((2500 * 2 + 300 * 8) / 1e6, 12);
    expect(usage.calls).toHaveLength(2);
    expect(usage.calls![0]).toMatchObject({ turn: 1, model: 'scripted-model', inputTokens: 1000, outputTokens: 200, attempts: 1, source: 'network', usageReported: true });
    expect(usage.calls![0].costUsd).toBeCloseTo((1000 * 2 + 200 * 8) / 1e6, 12);
    expect(usage.calls![1]).toMatchObject({ turn: 2, inputTokens: 1500, outputTokens: 100 });
    expect(usage.latencyMs).toBeCloseTo(usage.calls![0].latencyMs + usage.calls![1].latencyMs, 6);
    expect(usage.calls!.every((call) => call.latencyMs > 0)).toBe(true);
  });

  it('gives no cost when the server reports no usage, and none without a price for the model', async () => {
    server.enqueue(reply({ content: 'Done.', usage: null }), reply({ content: 'Done.' }));
    const priced = agentOn(server, { prices: { 'scripted-model': { inputPerMTok: 2, outputPerMTok: 8 } } });
    const unreported = await priced.runStep(stepRequest(edge));
    expect(unreported.usage).toMatchObject({ inputTokens: 0, outputTokens: 0, llmCalls: 1 });
    expect(unreported.usage?.costUsd).toBeUndefined();
    expect(unreported.usage?.calls?.[0]?.usageReported).toBe(false);

    const unpriced = await agentOn(server, { prices: { 'other-model': { inputPerMTok: 1, outputPerMTok: 1 } } }).runStep(stepRequest(edge));
    expect(unpriced.usage).toMatchObject({ inputTokens: 100, outputTokens: 20 });
    expect(unpriced.usage?.costUsd).toBeUndefined();
  });

  it('sends the sampling parameters and the route’s output token limit', async () => {
    server.enqueue(reply({ content: 'ok' }));
    const agent = agentOn(server, { sampling: { temperature: 0, topP: 0.9, seed: 7, maxOutputTokens: 512, parallelToolCalls: false } });
    await agent.runStep(stepRequest(edge));
    expect(server.chatRequests()[0].body).toMatchObject({ temperature: 0, top_p: 0.9, seed: 7, max_tokens: 512, parallel_tool_calls: false });
  });

  it('turns a callTool that throws into a step error', async () => {
    server.enqueue(reply({ toolCalls: [balanceCall] }));
    const response = await agentOn(server).runStep(
      stepRequest(edge, { callTool: () => Promise.reject(new Error('environment is gone')) }),
    );
    expect(response.error).toBe('agent local failed in step 001-sol-transfer: environment is gone');
    expect(response.turns).toBe(1);
  });

  it('rejects a token budget that is not a positive integer', () => {
    expect(() => agentOn(server, { maxTokensPerStep: 0 })).toThrow('agent local: maxTokensPerStep must be a positive integer, got 0');
  });
});
