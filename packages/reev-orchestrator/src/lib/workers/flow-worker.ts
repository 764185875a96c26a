// Worker thread body of WorkerFlowPool: a gateway of its own (environment, tools, agents, planner) whose database
// writer is the owning thread's, reached by messages.
import 'reflect-metadata';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { DATABASE_WRITER, remoteDatabaseWriter } from '@reev/db';
import { OrchestratorGateway } from '../gateway';
import { registerExecutionGraph } from '../register';
import type { FlowRequest, FlowReply } from './worker-flow-pool';

/** This thread's composition root: the execution graph with its defaults, over the owning thread's writer. */
function composeWorker(writerPort: MessagePort): DependencyContainer {
  const container = rootContainer.createChildContainer();
  container.register(DATABASE_WRITER, { useValue: remoteDatabaseWriter(writerPort) });
  return registerExecutionGraph(container);
}

const gateway = composeWorker((workerData as { writerPort: MessagePort }).writerPort).resolve(OrchestratorGateway);

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
