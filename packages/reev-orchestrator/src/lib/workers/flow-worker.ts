// Worker thread body of WorkerFlowPool: a gateway of its own (environment, tools, agents, planner) whose database
// writer is the owning thread's, reached by messages.
import 'reflect-metadata';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { container as rootContainer } from 'tsyringe';
import { DATABASE_WRITER, remoteDatabaseWriter } from '@reev/db';
import { registerLiteSvmEnv } from '@reev/lib';
import { registerTools } from '@reev/tools';
import { createDefaultAgentRegistry } from '../agents/agent-registry';
import { RuleBasedPlanner } from '../dynamic/rule-based-planner';
import { OrchestratorGateway } from '../gateway';
import { AGENT_REGISTRY, PLANNER } from '../tokens';
import type { FlowRequest, FlowReply } from './worker-flow-pool';

const { writerPort } = workerData as { writerPort: MessagePort };
const container = rootContainer.createChildContainer();
container.register(DATABASE_WRITER, { useValue: remoteDatabaseWriter(writerPort) });
registerTools(container);
registerLiteSvmEnv(container);
container.register(AGENT_REGISTRY, { useValue: createDefaultAgentRegistry() });
container.register(PLANNER, { useValue: new RuleBasedPlanner() });
container.registerSingleton(OrchestratorGateway);
const gateway = container.resolve(OrchestratorGateway);

parentPort?.on('message', (request: FlowRequest) => {
  gateway.executeDynamicFlow(request.prompt, request.wallet, request.agent, request.options).then(
    (result) => parentPort?.postMessage({ id: request.id, ok: true, result } satisfies FlowReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        ok: false,
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      } satisfies FlowReply),
  );
});
