import type { FastifyBaseLogger } from 'fastify';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { createDefaultAgentRegistry, registerOrchestrator } from '@reev/orchestrator';
import { AGENT_REGISTRY_FACTORY, AgentDirectory, type AgentRegistryFactory } from './agents/agent-directory';
import { BenchmarkCatalog } from './benchmarks/benchmark-catalog';
import { RunQueue } from './runs/run-queue';
import { API_LOGGER, API_SETTINGS, type ApiSettings, type ServerOptions } from './settings';

/**
 * The API's composition root: one child container per server with the database (pooled), the execution graph,
 * the settings, the logger, and the API's singletons (BenchmarkCatalog, RunQueue, AgentDirectory); then
 * `options.overrides`, which re-registers tokens before anything is resolved.
 */
export function composeApi(settings: ApiSettings, options: ServerOptions, log: FastifyBaseLogger): DependencyContainer {
  // Built again for each run with the response cache mode the run asks for (llm_cache).
  const agentRegistry: AgentRegistryFactory = (cache) => {
    const registry = createDefaultAgentRegistry({ llm: { env: settings.environment, cache } });
    for (const [name, factory] of Object.entries(options.agents ?? {})) registry.register(name, factory);
    return registry;
  };
  const container = registerOrchestrator(rootContainer.createChildContainer(), {
    database: {
      url: settings.databaseUrl,
      pooled: true,
      ...(options.databaseAuthToken !== undefined ? { authToken: options.databaseAuthToken } : {}),
    },
    agents: agentRegistry({ mode: 'off' }),
    ...(options.createEnv ? { createEnv: options.createEnv } : {}),
    ...(options.planner ? { planner: options.planner } : {}),
  });
  container.register(API_SETTINGS, { useValue: settings });
  container.register(API_LOGGER, { useValue: log });
  container.register(AGENT_REGISTRY_FACTORY, { useValue: agentRegistry });
  container.registerSingleton(BenchmarkCatalog);
  container.registerSingleton(RunQueue);
  container.registerSingleton(AgentDirectory);
  options.overrides?.(container);
  return container;
}
