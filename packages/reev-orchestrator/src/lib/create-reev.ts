import { container as rootContainer } from 'tsyringe';
import { DATABASE_READER, DATABASE_WRITER, DEFAULT_DATABASE_URL, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import type { Agent } from '@reev/agent';
import type { Planner } from './dynamic/planner';
import { OrchestratorGateway } from './gateway';
import { registerOrchestrator, type OrchestratorOptions } from './register';
import { AGENT_REGISTRY, type EnvFactory } from './tokens';

export interface CreateReevOptions {
  /** `file:path` (default file:.reev/reev.db), `:memory:`, or a libSQL server URL. */
  databaseUrl?: string;
  authToken?: string;
  /** Environment factory; defaults to the embedded LiteSVM environment. */
  environment?: EnvFactory;
  /** Extra agents by name, next to the built-in `deterministic`. */
  agents?: Record<string, () => Agent>;
  planner?: Planner;
  /** Record/replay of LLM answers in the database (default `off`); see OrchestratorOptions.llmCache. */
  llmCache?: OrchestratorOptions['llmCache'];
  /** Options for the LLM agents (sampling, env, prices, …). */
  llm?: OrchestratorOptions['llm'];
  /** Plan with an LlmPlanner on this LLM route name (cached like the agents), falling back to the rules. */
  plannerModel?: string;
}

export interface Reev {
  gateway: OrchestratorGateway;
  reader: DatabaseReader;
  writer: DatabaseWriterPort;
  /** Closes the database. */
  close(): Promise<void>;
}

/** One-call composition for library users: a gateway and a reader over one database writer. */
export function createReev(options: CreateReevOptions = {}): Reev {
  const container = registerOrchestrator(rootContainer.createChildContainer(), {
    database: { url: options.databaseUrl ?? DEFAULT_DATABASE_URL, ...(options.authToken ? { authToken: options.authToken } : {}) },
    ...(options.environment ? { createEnv: options.environment } : {}),
    ...(options.planner ? { planner: options.planner } : {}),
    ...(options.llmCache ? { llmCache: options.llmCache } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.plannerModel !== undefined ? { plannerModel: options.plannerModel } : {}),
  });
  const agents = container.resolve(AGENT_REGISTRY);
  for (const [name, factory] of Object.entries(options.agents ?? {})) agents.register(name, factory);
  const writer = container.resolve<DatabaseWriterPort>(DATABASE_WRITER);
  return {
    gateway: container.resolve(OrchestratorGateway),
    reader: container.resolve<DatabaseReader>(DATABASE_READER),
    writer,
    close: () => writer.close(),
  };
}
