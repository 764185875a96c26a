import type { DependencyContainer } from 'tsyringe';
import { registerDatabase, type DatabaseRegistrationOptions } from '@reev/db';
import { LiteSvmEnv } from '@reev/lib';
import { registerTools } from '@reev/tools';
import { createDefaultAgentRegistry, type AgentRegistry } from './agents/agent-registry';
import { RuleBasedPlanner } from './dynamic/rule-based-planner';
import type { Planner } from './dynamic/planner';
import { OrchestratorGateway } from './gateway';
import { AGENT_REGISTRY, ENV_FACTORY, PLANNER, type EnvFactory } from './tokens';

export interface OrchestratorOptions {
  database: DatabaseRegistrationOptions;
  /** Defaults to the embedded LiteSVM environment. */
  createEnv?: EnvFactory;
  agents?: AgentRegistry;
  /** Defaults to the rule-based planner. */
  planner?: Planner;
}

/** Registers the database, tools, agents, environment and one gateway (singleton) in `container`. */
export function registerOrchestrator(container: DependencyContainer, options: OrchestratorOptions): DependencyContainer {
  registerDatabase(container, options.database);
  registerTools(container);
  container.register(AGENT_REGISTRY, { useValue: options.agents ?? createDefaultAgentRegistry() });
  container.register(ENV_FACTORY, { useValue: options.createEnv ?? (() => new LiteSvmEnv()) });
  container.register(PLANNER, { useValue: options.planner ?? new RuleBasedPlanner() });
  container.registerSingleton(OrchestratorGateway);
  return container;
}
