import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { checkModelRoute, isModelRouteName, resolveModelRoute } from '@reev/agent';
import { DATABASE_READER, DATABASE_WRITER, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import { importLlmResponses, OrchestratorGateway, readLlmResponseFile, registerOrchestrator } from '@reev/orchestrator';
import { UsageError } from './cli-io';
import type { RunnerOptions } from './program';

/**
 * Registrations applied over the runner's own, before anything is resolved: a spec substitutes a fake edge (a
 * planner, an environment factory) or another database by registering its token again.
 */
export type ContainerOverrides = (container: DependencyContainer) => void;

/** What one CLI run works with: one gateway and one reader over one database writer (close it when done). */
export interface RunnerGraph {
  gateway: OrchestratorGateway;
  writer: DatabaseWriterPort;
  reader: DatabaseReader;
  /** Recorded LLM answers stored from --import-llm-cache (0 without it). */
  imported: number;
}

/** The composition root of one CLI run: one child container built from the flags, then `overrides`. */
export async function composeRunner(options: RunnerOptions, overrides?: ContainerOverrides): Promise<RunnerGraph> {
  // Replay never touches the network, so there is no endpoint to check.
  if (isModelRouteName(options.agent) && options.llmCache !== 'replay') await preflight(options.agent);
  const plannerModel = options.planner === 'llm' ? await llmPlannerModel(options) : undefined;
  const importing = options.importLlmCache !== undefined ? await readLlmResponseFile(options.importLlmCache) : undefined;
  const container = registerOrchestrator(rootContainer.createChildContainer(), {
    database: { url: options.db },
    ...(plannerModel !== undefined ? { plannerModel } : {}),
    llmCache: options.llmCache,
  });
  overrides?.(container);
  const writer = container.resolve<DatabaseWriterPort>(DATABASE_WRITER);
  const imported = importing ? await importLlmResponses(writer, importing) : 0;
  return {
    gateway: container.resolve(OrchestratorGateway),
    writer,
    reader: container.resolve<DatabaseReader>(DATABASE_READER),
    imported,
  };
}

/** A missing key or an unreachable endpoint fails before the run starts, naming the variable or the endpoint. */
async function preflight(agentName: string): Promise<void> {
  const route = resolveModelRoute(agentName);
  await checkModelRoute(route, AbortSignal.timeout(5_000));
}

async function llmPlannerModel(options: RunnerOptions): Promise<string> {
  const model = options.plannerModel ?? (isModelRouteName(options.agent) ? options.agent : undefined);
  if (model === undefined) throw new UsageError('--planner llm needs --planner-model <LLM agent name> (or an LLM --agent)');
  if (options.llmCache !== 'replay') await preflight(model);
  return model;
}

/** Composes, hands the graph to `work`, and closes the database writer however `work` ends. */
export async function withRunnerGraph<T>(
  options: RunnerOptions,
  overrides: ContainerOverrides | undefined,
  work: (graph: RunnerGraph) => Promise<T>,
): Promise<T> {
  const graph = await composeRunner(options, overrides);
  try {
    return await work(graph);
  } finally {
    await graph.writer.close();
  }
}
