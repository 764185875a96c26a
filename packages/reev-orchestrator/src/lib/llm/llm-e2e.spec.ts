import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBenchmarks, type LoadedBenchmark } from '@reev/lib';
import type { ChatRequestBody, ModelServer } from '@reev/testing';
import type { OrchestratorOptions } from '../register';
import { createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';
import { startOrchestratorPolicyServer } from './test-support/policy-model-server';
import { storedRun } from './test-support/stored-run';

// Real work (whole runs over HTTP to a model server, recorded then replayed): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

const MULTIPLY = 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter';

async function suiteBenchmark(id: string): Promise<LoadedBenchmark> {
  const found = (await loadBenchmarks([SUITE_DIR])).find((benchmark) => benchmark.testCase.id === id);
  if (!found) throw new Error(`no benchmark ${id} in ${SUITE_DIR}`);
  return found;
}

/** The tool results the agent sent back in a request, parsed. */
function toolResults(request: ChatRequestBody): { ok: boolean; output?: { signature?: string; status?: string } }[] {
  return request.messages
    .filter((message) => message.role === 'tool')
    .map((message) => JSON.parse(message.content ?? '') as { ok: boolean; output?: { signature?: string } });
}

async function llmResponseCount(reev: TestReev): Promise<number> {
  return (await reev.reader.listLlmResponses()).length;
}

describe('LLM agents end to end: real openai SDK over HTTP to a scripted policy model, real LiteSVM, real libSQL', () => {
  let directory: string;
  let databaseUrl: string;
  let server: ModelServer;
  let open: TestReev[];

  beforeEach(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-llm-e2e-'));
    databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    server = await startOrchestratorPolicyServer();
    open = [];
  });

  afterEach(async () => {
    await Promise.all(open.map((reev) => reev.close()));
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** A composition on the test's database file whose `local` agent points at `env` (the server, running or not). */
  function reevWith(options: Partial<OrchestratorOptions>, env: Record<string, string> = server.env): TestReev {
    const reev = createTestReev({ ...options, llm: { env, retry: { maxRetries: 0 } } }, databaseUrl);
    open.push(reev);
    return reev;
  }

  it('solves 001 and 100 in several tool-calling turns, records them, and replays them with the server stopped, identically', async () => {
    const env = server.env;
    const recording = reevWith({ llmCache: 'record' });
    const recorded: unknown[] = [];
    for (const id of ['001-sol-transfer', '100-jup-swap-sol-usdc']) {
      const sent = server.chatBodies().length;
      const result = await recording.gateway.executeBenchmark(await suiteBenchmark(id), 'local');
      expect(result).toMatchObject({ benchmarkId: id, agent: 'local', status: 'completed', score: 1, passed: true });
      const [step] = result.steps;
      const [transaction] = step.transactions;
      expect(transaction.status).toBe('Success');
      expect(step.result.tool_calls.map((call) => call.tool_name)).toEqual([id === '001-sol-transfer' ? 'sol_transfer' : 'jupiter_swap']);

      // Turn 1 asks with the task and the tools; turn 2 carries the tool's real result back; the model then stops.
      const [first, second, ...more] = server.chatBodies().slice(sent);
      expect(more).toEqual([]);
      expect(first.messages.map((message) => message.role)).toEqual(['system', 'user']);
      expect(first.messages[0].content).toContain(`Your wallet (signer and fee payer; use it as user_pubkey): ${result.keyMap['USER_WALLET_PUBKEY']}`);
      expect(first.tools?.length).toBeGreaterThan(0);
      expect(second.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
      expect(toolResults(second)).toEqual([expect.objectContaining({ ok: true, output: expect.objectContaining({ signature: transaction.signature }) })]);
      expect(step.result.output).toMatchObject({ final_message: expect.stringMatching(/\S/) });
      recorded.push(await storedRun(recording.reader, result.executionId, result.consolidatedSessionId));
    }
    expect(await llmResponseCount(recording)).toBe(4);
    await recording.close();
    await server.stop();

    const replaying = reevWith({ llmCache: 'replay' }, env);
    const requestsBefore = server.chatBodies().length;
    for (const [index, id] of ['001-sol-transfer', '100-jup-swap-sol-usdc'].entries()) {
      const result = await replaying.gateway.executeBenchmark(await suiteBenchmark(id), 'local');
      expect(result.score).toBe(1);
      expect(await storedRun(replaying.reader, result.executionId, result.consolidatedSessionId)).toEqual(recorded[index]);
    }
    expect(server.chatBodies().length).toBe(requestsBefore);
    expect(await llmResponseCount(replaying)).toBe(4);
  });

  it('runs the 4-step dynamic flow with `local`, records it, and replays it with the server stopped, identically', async () => {
    const env = server.env;
    const recording = reevWith({ llmCache: 'record' });
    const first = await recording.gateway.executeDynamicFlow(MULTIPLY, 'USER_WALLET_PUBKEY', 'local');
    expect(first).toMatchObject({ status: 'completed', success: true, completed_steps: 4, total_steps: 4 });
    expect(first.step_results.map((step) => step.tool_calls.map((call) => call.tool_name))).toEqual([
      ['get_account_balance'],
      ['jupiter_swap'],
      ['jupiter_lend_earn_deposit'],
      ['get_account_balance'],
    ]);
    // The lend step deposits what the swap really returned: the executor put it in the prompt the model read.
    const swapOutput = first.step_results[1].tool_calls[0].output as { output: { amount: number } };
    const depositInput = first.step_results[2].tool_calls[0].input as { amount: number };
    expect(depositInput.amount).toBe(swapOutput.output.amount);
    // Token accounting travels with every step and is summed in the consolidated record.
    expect(first.step_results.every((step) => (step.usage?.llm_calls ?? 0) >= 1 && step.usage!.input_tokens > 0)).toBe(true);
    const consolidatedRow = await recording.reader.getConsolidatedSession(first.consolidated_session_id!);
    expect(consolidatedRow?.content.metadata.usage?.llm_calls).toBe(
      first.step_results.reduce((sum, step) => sum + (step.usage?.llm_calls ?? 0), 0),
    );
    const recorded = await storedRun(recording.reader, first.execution_id, first.consolidated_session_id, { flow: first.flow_id });
    const responses = await llmResponseCount(recording);
    await recording.close();
    await server.stop();

    const replaying = reevWith({ llmCache: 'replay' }, env);
    const again = await replaying.gateway.executeDynamicFlow(MULTIPLY, 'USER_WALLET_PUBKEY', 'local');
    expect(again.success).toBe(true);
    expect(again.score).toBe(first.score);
    expect(await storedRun(replaying.reader, again.execution_id, again.consolidated_session_id, { flow: again.flow_id })).toEqual(recorded);
    expect(await llmResponseCount(replaying)).toBe(responses);
  });

  it('records the LLM planner with the agent, and replays both offline', async () => {
    const env = server.env;
    const recording = reevWith({ llmCache: 'record', plannerModel: 'local' });
    const first = await recording.gateway.executeDynamicFlow('swap 2 SOL to USDC then lend it on Jupiter', 'USER_WALLET_PUBKEY', 'local');
    expect(first.plan.metadata).toMatchObject({ planner: 'llm' });
    expect(first.plan.metadata.planner_fallback).toBeUndefined();
    expect(first.plan.steps.map((step) => step.required_tools)).toEqual([['jupiter_swap'], ['jupiter_lend_earn_deposit']]);
    expect(first.success).toBe(true);
    expect(server.chatBodies()[0].messages[0].content).toMatch(/^You plan Solana DeFi requests/);
    const recorded = await storedRun(recording.reader, first.execution_id, first.consolidated_session_id, { flow: first.flow_id });
    await recording.close();
    await server.stop();

    const replaying = reevWith({ llmCache: 'replay', plannerModel: 'local' }, env);
    const again = await replaying.gateway.executeDynamicFlow('swap 2 SOL to USDC then lend it on Jupiter', 'USER_WALLET_PUBKEY', 'local');
    expect(again.plan.metadata).toMatchObject({ planner: 'llm' });
    expect(await storedRun(replaying.reader, again.execution_id, again.consolidated_session_id, { flow: again.flow_id })).toEqual(recorded);

    const unrecorded = await replaying.gateway.processUserRequest('swap 1 SOL to USDC');
    expect(unrecorded.metadata.planner).toBe('rules');
    expect(unrecorded.metadata.planner_fallback).toMatch(
      /^LLM planner failed \(model call failed: replay miss: no recorded plan from model scripted-policy at turn 1 \(key [0-9a-f]{12}\)\); used the rule-based planner$/,
    );
  });

  it('a replay miss is a readable step error naming the model, turn, step, run and key; nothing is sent', async () => {
    const env = server.env;
    const recording = reevWith({ llmCache: 'record' });
    await recording.gateway.executeBenchmark(await suiteBenchmark('001-sol-transfer'), 'local');
    await recording.close();
    await server.stop();
    const replaying = reevWith({ llmCache: 'replay' }, env);
    const sent = server.chatBodies().length;

    const unrecorded = await replaying.gateway.executeBenchmark(await suiteBenchmark('002-spl-transfer'), 'local');
    const message = /^replay miss: no recorded response for model scripted-policy at turn 1 of step 002-spl-transfer \(run 0, key [0-9a-f]{12}\)$/;
    expect(unrecorded.passed).toBe(false);
    expect(unrecorded.steps[0].result).toMatchObject({ status: 'failed', success: false, error_message: expect.stringMatching(message) });
    const stored = await replaying.reader.getExecution(unrecorded.executionId);
    expect(stored?.steps[0].error).toMatch(message);

    // Another run index is another recording: run 1 of a benchmark recorded only as run 0 misses too.
    const secondRun = await replaying.gateway.executeBenchmark(await suiteBenchmark('001-sol-transfer'), 'local', { runIndex: 1 });
    expect(secondRun.steps[0].result.error_message).toMatch(/^replay miss: .* of step 001-sol-transfer \(run 1, key [0-9a-f]{12}\)$/);
    expect(server.chatBodies().length).toBe(sent);
  });

  it('auto asks the model on a miss and answers from the database on a hit', async () => {
    const reev = reevWith({ llmCache: 'auto' });
    const benchmark = await suiteBenchmark('001-sol-transfer');
    const first = await reev.gateway.executeBenchmark(benchmark, 'local');
    const asked = server.chatBodies().length;
    expect(asked).toBe(2);
    const second = await reev.gateway.executeBenchmark(benchmark, 'local');
    expect(server.chatBodies().length).toBe(asked);
    expect(await storedRun(reev.reader, second.executionId, second.consolidatedSessionId)).toEqual(
      await storedRun(reev.reader, first.executionId, first.consolidatedSessionId),
    );
  });

  it('off asks the model every time and stores nothing', async () => {
    const reev = reevWith({});
    const benchmark = await suiteBenchmark('001-sol-transfer');
    await reev.gateway.executeBenchmark(benchmark, 'local');
    await reev.gateway.executeBenchmark(benchmark, 'local');
    expect(server.chatBodies().length).toBe(4);
    expect(await llmResponseCount(reev)).toBe(0);
  });
});
