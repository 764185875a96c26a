import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import { SOLANA_ENV_FACTORY, type LoadedBenchmark } from '@reev/lib';
import {
  deepFreeze,
  isDynamicTestCase,
  TestCaseSchema,
  type AtomicMode,
  type DynamicFlowPlan,
  type InitialStateItem,
  type TestCase,
} from '@reev/types';
import { AgentRegistry } from './agents/agent-registry';
import { BenchmarkExecutor, type BenchmarkRunOptions, type BenchmarkRunResult } from './benchmark/benchmark-executor';
import { ContextResolver } from './dynamic/context-resolver';
import { DEFAULT_DYNAMIC_STATE, DEFAULT_WALLET } from './dynamic/default-state';
import { runDynamicBenchmark } from './dynamic/dynamic-benchmark';
import { PingPongExecutor, type FlowRunOptions, type FlowRunResult } from './dynamic/ping-pong-executor';
import { plannerTokens, validateUserRequest, type Planner } from './dynamic/planner';
import { marketPriceSource } from './dynamic/price-source';
import { AGENT_REGISTRY, PLANNER, type EnvFactory } from './tokens';

export interface DynamicRequestOptions {
  /** Accounts funded before planning; defaults to 10 SOL and 100 USDC for USER_WALLET_PUBKEY. */
  initialState?: InitialStateItem[];
  seed?: number;
}

export interface DynamicRunOptions
  extends DynamicRequestOptions,
    Omit<FlowRunOptions, 'env' | 'resolver' | 'wallet' | 'gradeGroundTruth' | 'benchmarkId'> {
  atomicMode?: AtomicMode;
}

/** The one entry point for running anything: benchmarks (static or dynamic) and free requests. */
@injectable()
export class OrchestratorGateway {
  private recovery: Promise<string[]> | undefined;

  constructor(
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
    @inject(SOLANA_ENV_FACTORY) private readonly createEnv: EnvFactory,
    @inject(AGENT_REGISTRY) private readonly agents: AgentRegistry,
    @inject(PLANNER) private readonly planner: Planner,
    @inject(BenchmarkExecutor) private readonly benchmarks: BenchmarkExecutor,
    @inject(PingPongExecutor) private readonly executor: PingPongExecutor,
  ) {}

  /**
   * Marks executions a crashed process left running as `interrupted`. Runs once per gateway, before its first
   * execution; the apps also call it at start-up.
   */
  recoverInterruptedExecutions(): Promise<string[]> {
    this.recovery ??= this.writer.markInterruptedExecutions();
    return this.recovery;
  }

  agentNames(): string[] {
    return this.agents.names();
  }

  resolveAgent(agent: Agent | string): Agent {
    return typeof agent === 'string' ? this.agents.create(agent) : agent;
  }

  /** Runs a loaded benchmark: `flow_type: dynamic` (or the tag `dynamic`) in dynamic mode, otherwise benchmark mode. */
  async executeBenchmark(
    benchmark: LoadedBenchmark,
    agent: Agent | string,
    options: BenchmarkRunOptions = {},
  ): Promise<BenchmarkRunResult> {
    const resolved = this.resolveAgent(agent);
    await this.recoverInterruptedExecutions();
    if (!isDynamicTestCase(benchmark.testCase)) return this.benchmarks.run(benchmark, resolved, options);
    return runDynamicBenchmark(
      { writer: this.writer, executor: this.executor, planner: this.planner, createEnv: this.createEnv },
      benchmark,
      resolved,
      options,
      options.executionId ?? randomUUID(),
    );
  }

  /** Plans a free request against the wallet's real context, without executing it. */
  async processUserRequest(prompt: string, wallet = DEFAULT_WALLET, options: DynamicRequestOptions = {}): Promise<DynamicFlowPlan> {
    validateUserRequest(prompt);
    const env = this.createEnv();
    try {
      const { plan } = await this.planOn(env, prompt, wallet, options);
      return plan;
    } finally {
      await env.close();
    }
  }

  /** Plans and executes a free request; the result carries the consolidated session id. */
  async executeDynamicFlow(
    prompt: string,
    wallet: string,
    agent: Agent | string,
    options: DynamicRunOptions = {},
  ): Promise<FlowRunResult> {
    validateUserRequest(prompt);
    const resolved = this.resolveAgent(agent);
    await this.recoverInterruptedExecutions();
    const env = this.createEnv();
    try {
      const { plan, resolver, owner } = await this.planOn(env, prompt, wallet, options);
      const runPlan = options.atomicMode ? { ...plan, atomic_mode: options.atomicMode } : plan;
      return await this.executor.runPlan(runPlan, resolved, { ...options, env, resolver, wallet: owner });
    } finally {
      await env.close();
    }
  }

  /** Executes an already made plan on a fresh environment funded like a free request. */
  async executeFlowPlan(
    plan: DynamicFlowPlan,
    agent: Agent | string,
    options: DynamicRunOptions & { wallet?: string } = {},
  ): Promise<FlowRunResult> {
    const resolved = this.resolveAgent(agent);
    await this.recoverInterruptedExecutions();
    const env = this.createEnv();
    try {
      await env.reset(requestTestCase(plan.user_prompt, options.initialState), { seed: options.seed ?? 0 });
      const resolver = new ContextResolver(env, marketPriceSource(env));
      const context = await resolver.resolveWalletContext(options.wallet ?? DEFAULT_WALLET);
      return await this.executor.runPlan(plan, resolved, { ...options, env, resolver, wallet: context.owner });
    } finally {
      await env.close();
    }
  }

  private async planOn(env: ReturnType<EnvFactory>, prompt: string, wallet: string, options: DynamicRequestOptions) {
    await env.reset(requestTestCase(prompt, options.initialState), { seed: options.seed ?? 0 });
    const resolver = new ContextResolver(env, marketPriceSource(env));
    const context = await resolver.resolveWalletContext(wallet);
    const plan = await this.planner.plan(prompt, context, plannerTokens(env));
    return { plan, resolver, owner: context.owner };
  }
}

/** A free request as a test case, so the environment applies its initial state like a benchmark's. */
function requestTestCase(prompt: string, initialState?: InitialStateItem[]): TestCase {
  const testCase = TestCaseSchema.parse({
    id: 'dynamic-request',
    flow_type: 'dynamic',
    prompt,
    initial_state: initialState ?? [],
    ground_truth: {},
  });
  return initialState === undefined ? { ...testCase, initial_state: defaultInitialState() } : testCase;
}

let parsedDefaultState: InitialStateItem[] | undefined;

/** DEFAULT_DYNAMIC_STATE as the schema reads it, parsed once (most requests use it); frozen, as it is shared. */
function defaultInitialState(): InitialStateItem[] {
  parsedDefaultState ??= deepFreeze(
    TestCaseSchema.parse({ id: 'dynamic-request', prompt: 'default state', initial_state: DEFAULT_DYNAMIC_STATE, ground_truth: {} }).initial_state,
  );
  return parsedDefaultState;
}


