import { ModelServer, reply } from '@reev/testing';
import { createOpenAiCompatibleAgent } from './openai-compatible-agent';
import { InMemoryResponseCache, responseCacheKey, type ResponseCacheKeyInput } from './response-cache';
import { agentOn, stepRequest } from './test-support/agent-harness';
import { RECIPIENT_WALLET, ScriptedToolEdge, USER_WALLET } from './test-support/scripted-tools';

// Real work (real HTTP to a model server, recorded then replayed): sized for a machine whose cores are busy with other processes.
jest.setTimeout(60_000);

const transferArgs = { user_pubkey: USER_WALLET, recipient_pubkey: RECIPIENT_WALLET, amount: 100_000_000 };

function scriptSolve(server: ModelServer): void {
  server.enqueue(
    reply({ toolCalls: [{ id: 'call_balance', name: 'get_account_balance', arguments: { pubkey: USER_WALLET } }] }),
    reply({ toolCalls: [{ id: 'call_transfer', name: 'sol_transfer', arguments: transferArgs }] }),
    reply({ content: 'Sent 0.1 SOL.' }),
  );
}

describe('record and replay', () => {
  it('replays a recorded step with the server stopped: identical tool calls and final message', async () => {
    const store = new InMemoryResponseCache();
    const server = await ModelServer.start();
    const recordingEdge = new ScriptedToolEdge();
    const baseUrl = server.baseUrl;
    scriptSolve(server);
    const recorded = await agentOn(server, { cache: { mode: 'record', store } })
      .runStep(stepRequest(recordingEdge))
      .finally(() => server.stop());
    expect(recorded.error).toBeUndefined();
    expect(store.size).toBe(3);

    // Same route (the base URL is part of the key), but nothing listens there any more.
    const replayEdge = new ScriptedToolEdge();
    const replayed = await agentOn(baseUrl, { cache: { mode: 'replay', store } }).runStep(stepRequest(replayEdge));

    expect(replayed.error).toBeUndefined();
    expect(replayed.finalMessage).toBe(recorded.finalMessage);
    expect(replayed.turns).toBe(recorded.turns);
    expect(replayEdge.invocations).toEqual(recordingEdge.invocations);
    expect(replayEdge.balance(RECIPIENT_WALLET)).toBe(100_000_000);
    expect(replayed.usage?.calls?.map((call) => call.source)).toEqual(['replay', 'replay', 'replay']);
    expect(replayed.usage?.calls?.map((call) => call.attempts)).toEqual([0, 0, 0]);
    // The conversation's token counts are those of the recording.
    expect(replayed.usage).toMatchObject({ inputTokens: recorded.usage!.inputTokens, outputTokens: recorded.usage!.outputTokens });
  });

  it('fails a replay miss with a step error naming model, turn and key prefix', async () => {
    const server = await ModelServer.start();
    try {
      const response = await agentOn(server, { cache: { mode: 'replay', store: new InMemoryResponseCache() } }).runStep(
        stepRequest(new ScriptedToolEdge(), { runIndex: 2 }),
      );
      expect(response.error).toMatch(
        /^replay miss: no recorded response for model scripted-model at turn 1 of step 001-sol-transfer \(run 2, key [0-9a-f]{12}\)$/,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });

  it('keys on the run index: run 1 misses what run 0 recorded', async () => {
    const store = new InMemoryResponseCache();
    const server = await ModelServer.start();
    try {
      server.enqueue(reply({ content: 'Nothing to do.' }));
      await agentOn(server, { cache: { mode: 'record', store } }).runStep(stepRequest(new ScriptedToolEdge(), { runIndex: 0 }));
      const replay = agentOn(server, { cache: { mode: 'replay', store } });
      expect((await replay.runStep(stepRequest(new ScriptedToolEdge(), { runIndex: 0 }))).finalMessage).toBe('Nothing to do.');
      expect((await replay.runStep(stepRequest(new ScriptedToolEdge(), { runIndex: 1 }))).error).toMatch(/^replay miss: .* \(run 1, key /);
    } finally {
      await server.stop();
    }
  });

  it('auto mode records on a miss and replays on a hit without asking the server', async () => {
    const store = new InMemoryResponseCache();
    const server = await ModelServer.start();
    try {
      scriptSolve(server);
      const agent = agentOn(server, { cache: { mode: 'auto', store } });
      const first = await agent.runStep(stepRequest(new ScriptedToolEdge()));
      expect(server.chatRequests()).toHaveLength(3);
      expect(first.usage?.calls?.map((call) => call.source)).toEqual(['network', 'network', 'network']);

      const second = await agent.runStep(stepRequest(new ScriptedToolEdge()));
      expect(server.chatRequests()).toHaveLength(3);
      expect(second.finalMessage).toBe(first.finalMessage);
      expect(second.usage?.calls?.map((call) => call.source)).toEqual(['replay', 'replay', 'replay']);
    } finally {
      await server.stop();
    }
  });

  it('record mode asks the model even when an answer is stored', async () => {
    const store = new InMemoryResponseCache();
    const server = await ModelServer.start();
    try {
      server.enqueue(reply({ content: 'first' }), reply({ content: 'second' }));
      const agent = agentOn(server, { cache: { mode: 'record', store } });
      await agent.runStep(stepRequest(new ScriptedToolEdge()));
      const again = await agent.runStep(stepRequest(new ScriptedToolEdge()));
      expect(again.finalMessage).toBe('second');
      expect(store.size).toBe(1);
      const replayed = await agentOn(server, { cache: { mode: 'replay', store } }).runStep(stepRequest(new ScriptedToolEdge()));
      expect(replayed.finalMessage).toBe('second');
    } finally {
      await server.stop();
    }
  });

  it('replays without an API key, since replay never touches the network', async () => {
    const agent = createOpenAiCompatibleAgent('glm-4.6', { env: {}, cache: { mode: 'replay', store: new InMemoryResponseCache() } });
    const response = await agent.runStep(stepRequest(new ScriptedToolEdge()));
    expect(agent.name).toBe('glm-4.6');
    expect(response.error).toMatch(/^replay miss: no recorded response for model glm-4\.6 at turn 1/);
  });
});

describe('responseCacheKey', () => {
  const input: ResponseCacheKeyInput = {
    model: 'glm-4.6',
    baseUrl: 'https://api.z.ai/api/paas/v4',
    messages: [{ role: 'user', content: 'send 0.1 SOL' }],
    tools: [{ type: 'function', function: { name: 'sol_transfer', parameters: { type: 'object' } } }],
    sampling: { temperature: 0, tool_choice: 'auto' },
    runIndex: 0,
  };

  it('is a sha256 hex digest that ignores key order', () => {
    const key = responseCacheKey(input);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered: ResponseCacheKeyInput = {
      runIndex: 0,
      sampling: { tool_choice: 'auto', temperature: 0 },
      tools: [{ function: { parameters: { type: 'object' }, name: 'sol_transfer' }, type: 'function' }],
      messages: [{ content: 'send 0.1 SOL', role: 'user' }],
      baseUrl: 'https://api.z.ai/api/paas/v4',
      model: 'glm-4.6',
    };
    expect(responseCacheKey(reordered)).toBe(key);
  });

  it('changes with every part of the request', () => {
    const key = responseCacheKey(input);
    const variants: Partial<ResponseCacheKeyInput>[] = [
      { model: 'glm-4.5' },
      { baseUrl: 'https://api.z.ai/api/coding/paas/v4' },
      { messages: [{ role: 'user', content: 'send 0.2 SOL' }] },
      { tools: [] },
      { sampling: { temperature: 0.7, tool_choice: 'auto' } },
      { runIndex: 1 },
    ];
    const keys = variants.map((variant) => responseCacheKey({ ...input, ...variant }));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });
});
