import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { DeterministicAgent, type Agent } from '@reev/agent';
import { DATABASE_READER, DATABASE_WRITER, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import { FreshChainPool, KeyDerivationCache, LiteSvmEnv } from '@reev/lib';
import { createReev, OrchestratorGateway, registerOrchestrator, RuleBasedPlanner } from '@reev/orchestrator';
import { consolidationEvents, TimedEnv, timedAgent, timedPlanner, timedWriter } from './instrument';
import type { Timeline } from './timeline';

export const DYNAMIC_PROMPT = 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter';
export const DYNAMIC_WALLET = 'USER_WALLET_PUBKEY';

export interface BenchReev {
  gateway: OrchestratorGateway;
  reader: DatabaseReader;
  writer: DatabaseWriterPort;
  close(): Promise<void>;
}

/** What library users get from createReev: the default composition, nothing wrapped. */
export function plainReev(databaseUrl: string): BenchReev {
  return createReev({ databaseUrl });
}

/**
 * The default composition (registerOrchestrator, as createReev builds it) with the writer, environment, planner
 * and agent timed on `timeline`.
 */
export function timedReev(databaseUrl: string, timeline: Timeline): BenchReev & { agent: Agent } {
  // One derivation cache and one pool of fresh chains for every environment, as registerLiteSvmEnv shares them.
  const derivations = new KeyDerivationCache();
  const chains = new FreshChainPool();
  const container = registerOrchestrator(rootContainer.createChildContainer(), {
    database: { url: databaseUrl },
    createEnv: () => new TimedEnv(new LiteSvmEnv({ derivations, chains }), timeline),
    planner: timedPlanner(new RuleBasedPlanner(), timeline),
  });
  const writer = timedWriter(container.resolve<DatabaseWriterPort>(DATABASE_WRITER), timeline);
  container.register(DATABASE_WRITER, { useValue: writer });
  return {
    gateway: container.resolve(OrchestratorGateway),
    reader: container.resolve<DatabaseReader>(DATABASE_READER),
    writer,
    agent: timedAgent(new DeterministicAgent(), timeline),
    close: () => writer.close(),
  };
}

/** Runs the 4-step dynamic flow once; a flow that does not succeed makes the figure meaningless, so it throws. */
export async function runDynamicFlow(reev: BenchReev, agent: Agent | string = 'deterministic', timeline?: Timeline) {
  const result = await reev.gateway.executeDynamicFlow(DYNAMIC_PROMPT, DYNAMIC_WALLET, agent, {
    ...(timeline ? { events: consolidationEvents(timeline) } : {}),
  });
  const consolidatedSessionId = result.consolidated_session_id;
  if (!result.success || result.total_steps !== 4 || consolidatedSessionId === undefined) {
    throw new Error(
      `dynamic flow ${result.execution_id} did not succeed (status ${result.status}, ${result.completed_steps}/${result.total_steps} steps, ` +
        `consolidation ${result.consolidation_error ?? 'ok'}): ${result.error_message ?? 'no error message'}`,
    );
  }
  return { result, consolidatedSessionId };
}
