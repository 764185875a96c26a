import 'reflect-metadata';

export { OrchestratorGateway } from './lib/gateway';
export { registerOrchestrator, type OrchestratorOptions } from './lib/register';
export { AGENT_REGISTRY, ENV_FACTORY, TOOL_REGISTRY, type EnvFactory } from './lib/tokens';
export { AgentRegistry, UnknownAgentError, createDefaultAgentRegistry, type AgentFactory } from './lib/agents/agent-registry';
export type {
  BenchmarkRunOptions,
  BenchmarkRunResult,
  StepReport,
} from './lib/benchmark/benchmark-executor';
export type { ExecutionEvent, ExecutionEvents } from './lib/execution/events';
export { consolidateExecution, consolidationMetadata, type ConsolidationOutcome } from './lib/consolidation/consolidate';
