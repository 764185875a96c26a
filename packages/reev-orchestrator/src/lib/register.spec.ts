import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { DATABASE_OPTIONS, DATABASE_READER, DATABASE_WRITER } from '@reev/db';
import { replanningPlanner } from '@reev/testing';
import { BenchmarkExecutor } from './benchmark/benchmark-executor';
import { PingPongExecutor } from './dynamic/ping-pong-executor';
import { RuleBasedPlanner } from './dynamic/rule-based-planner';
import { OrchestratorGateway } from './gateway';
import { registerOrchestrator } from './register';
import { PLANNER } from './tokens';

const SWAP = 'swap 2 SOL to USDC';

/** Plans every request as a balance check, so its plans are told apart from the rule-based planner's. */
const balanceCheckPlanner = replanningPlanner(new RuleBasedPlanner(), 'check my wallet balance', 'planned-by-the-overriding-planner');

describe('registerOrchestrator: the graph is resolved from the container, and a token registered again replaces its part', () => {
  let container: DependencyContainer;
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'reev-register-'));
    container = registerOrchestrator(rootContainer.createChildContainer(), { database: { url: ':memory:' } });
  });
  afterEach(async () => {
    await container.resolve(DATABASE_WRITER).close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('resolves without emitted decorator metadata: every injected parameter names its token with @inject', async () => {
    // tsconfig.base.json does not emit design:paramtypes, so this graph resolving proves nothing relies on it.
    for (const injected of [OrchestratorGateway, BenchmarkExecutor, PingPongExecutor]) {
      expect(Reflect.getMetadata('design:paramtypes', injected)).toBeUndefined();
    }
    const result = await container.resolve(OrchestratorGateway).executeDynamicFlow(SWAP, 'USER_WALLET_PUBKEY', 'deterministic');
    expect(result).toMatchObject({ status: 'completed', score: 1 });
  }, 60_000);

  it('resolves both executors as singletons, the very ones the gateway runs', async () => {
    const executor = container.resolve(PingPongExecutor);
    expect(container.resolve(PingPongExecutor)).toBe(executor);
    expect(container.resolve(BenchmarkExecutor)).toBe(container.resolve(BenchmarkExecutor));
    const runPlan = jest.spyOn(executor, 'runPlan');
    const result = await container.resolve(OrchestratorGateway).executeDynamicFlow(SWAP, 'USER_WALLET_PUBKEY', 'deterministic');
    expect(result.status).toBe('completed');
    expect(runPlan).toHaveBeenCalledTimes(1);
  }, 60_000);

  it('plans with a planner registered over PLANNER', async () => {
    container.register(PLANNER, { useValue: balanceCheckPlanner });
    const plan = await container.resolve(OrchestratorGateway).processUserRequest(SWAP);
    expect(plan.flow_id).toBe('planned-by-the-overriding-planner');
    expect(plan.steps.map((step) => step.required_tools)).toEqual([['get_account_balance']]);
  }, 60_000);

  it('stores in the database registered over DATABASE_OPTIONS, not the one first given', async () => {
    const file = path.join(directory, 'first-given.db');
    const overridden = path.join(directory, 'override.db');
    const own = registerOrchestrator(rootContainer.createChildContainer(), { database: { url: `file:${file}` } });
    own.register(DATABASE_OPTIONS, { useValue: { url: `file:${overridden}` } });
    try {
      const result = await own.resolve(OrchestratorGateway).executeDynamicFlow(SWAP, 'USER_WALLET_PUBKEY', 'deterministic');
      expect(await own.resolve(DATABASE_READER).getExecution(result.execution_id)).toMatchObject({ status: 'completed' });
    } finally {
      await own.resolve(DATABASE_WRITER).close();
    }
    expect(existsSync(overridden)).toBe(true);
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
