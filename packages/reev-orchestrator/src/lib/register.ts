import { instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import type { CreateOpenAiCompatibleAgentOptions, ResponseCacheMode } from '@reev/agent';
import { DATABASE_WRITER, registerDatabase, type DatabaseRegistrationOptions } from '@reev/db';
import { registerLiteSvmEnv, SOLANA_ENV_FACTORY } from '@reev/lib';
import { registerTools } from '@reev/tools';
import { createDefaultAgentRegistry, type AgentRegistry } from './agents/agent-registry';
import { BenchmarkExecutor } from './benchmark/benchmark-executor';
import { PingPongExecutor } from './dynamic/ping-pong-executor';
import { RuleBasedPlanner } from './dynamic/rule-based-planner';
import type { Planner } from './dynamic/planner';
import { OrchestratorGateway } from './gateway';
import { databaseCacheSettings } from './llm/database-response-cache';
import { createLlmPlanner } from './llm/llm-planner-cache';
import { AGENT_REGISTRY, PLANNER, type EnvFactory } from './tokens';

/** Everything a gateway needs besides the database writer. */
export interface ExecutionGraphOptions {
  /** Defaults to the embedded LiteSVM environment. */
  createEnv?: EnvFactory;
  agents?: AgentRegistry;
  /** Defaults to the rule-based planner. */
  planner?: Planner;
  /**
   * Record/replay of model answers in the database's llm_responses table (default `off`; docs/agents.md), for the
   * LLM agents of the default registry and the planner built from `plannerModel`.
   */
  llmCache?: ResponseCacheMode;
  /** Options for the default registry's LLM agents (sampling, env, prices, …); their cache comes from `llmCache`. */
  llm?: Omit<CreateOpenAiCompatibleAgentOptions, 'cache'>;
  /** An LLM route name (`local`, `glm-4.6`, …): plan with an LlmPlanner on it, falling back to the rules. */
  plannerModel?: string;
}

export interface OrchestratorOptions extends ExecutionGraphOptions {
  database: DatabaseRegistrationOptions;
}

/**
 * Registers the database (DATABASE_OPTIONS, DATABASE_WRITER, DATABASE_READER, DATABASE_HEALTH) and the execution
 * graph (registerExecutionGraph) in `container`. A token registered again afterwards, before its first resolve,
 * replaces that part: this is how tests substitute a fake edge or an in-memory database.
 */
export function registerOrchestrator(container: DependencyContainer, options: OrchestratorOptions): DependencyContainer {
  registerDatabase(container, options.database);
  return registerExecutionGraph(container, options);
}

/**
 * Registers tools (TOOL_REGISTRY), agents (AGENT_REGISTRY), the environment factory (SOLANA_ENV_FACTORY), the
 * planner (PLANNER), both executors and the gateway, each one per container, over the DATABASE_WRITER the
 * container already has (the process's writer, or a worker thread's remote one).
 */
export function registerExecutionGraph(container: DependencyContainer, options: ExecutionGraphOptions = {}): DependencyContainer {
  registerTools(container);
  const llmCache = options.llmCache ?? 'off';
  if (options.agents && llmCache !== 'off') {
    throw new Error(
      `llmCache "${llmCache}" applies to the default agent registry; a registry given as "agents" brings its own cache ` +
        '(createDefaultAgentRegistry({ llm: { cache } }))',
    );
  }
  if (options.planner && options.plannerModel !== undefined) {
    throw new Error(`give either "planner" or "plannerModel" (${options.plannerModel}), not both`);
  }
  // Built on first use: the LLM cache lives in this container's database writer.
  const cacheOf = (scope: DependencyContainer) => databaseCacheSettings(llmCache, scope.resolve(DATABASE_WRITER));
  container.register(AGENT_REGISTRY, {
    useFactory: instanceCachingFactory(
      (scope) => options.agents ?? createDefaultAgentRegistry({ llm: { ...options.llm, cache: cacheOf(scope) } }),
    ),
  });
  if (options.createEnv) container.register(SOLANA_ENV_FACTORY, { useValue: options.createEnv });
  else registerLiteSvmEnv(container);
  const plannerModel = options.plannerModel;
  container.register(PLANNER, {
    useFactory: instanceCachingFactory(
      (scope): Planner =>
        options.planner ??
        (plannerModel === undefined
          ? new RuleBasedPlanner()
          : createLlmPlanner(plannerModel, { cache: cacheOf(scope), ...(options.llm?.env ? { env: options.llm.env } : {}) })),
    ),
  });
  container.registerSingleton(BenchmarkExecutor);
  container.registerSingleton(PingPongExecutor);
  container.registerSingleton(OrchestratorGateway);
  return container;
}
