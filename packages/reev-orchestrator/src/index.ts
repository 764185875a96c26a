import 'reflect-metadata';

export { OrchestratorGateway, type DynamicRequestOptions, type DynamicRunOptions } from './lib/gateway';
export { createReev, type CreateReevOptions, type Reev } from './lib/create-reev';
export { registerExecutionGraph, registerOrchestrator, type ExecutionGraphOptions, type OrchestratorOptions } from './lib/register';
export { AGENT_REGISTRY, PLANNER, type EnvFactory } from './lib/tokens';
export { AgentRegistry, UnknownAgentError, createDefaultAgentRegistry, type AgentFactory } from './lib/agents/agent-registry';
export { BenchmarkExecutor, type BenchmarkRunOptions, type BenchmarkRunResult, type StepReport } from './lib/benchmark/benchmark-executor';
export type { ExecutionEvent, ExecutionEvents } from './lib/execution/events';
export { recordExecutionEnd, recordQueuedExecution, type AcceptedRun } from './lib/execution/execution-recorder';
export { consolidateExecution, consolidationMetadata, type ConsolidationOutcome } from './lib/consolidation/consolidate';
export { ContextResolver, WalletContextError } from './lib/dynamic/context-resolver';
export { PingPongExecutor, type FlowRunOptions, type FlowRunResult } from './lib/dynamic/ping-pong-executor';
export { PlanningError, validateUserRequest, MAX_PROMPT_LENGTH, type Planner, type PlanningFailure } from './lib/dynamic/planner';
export { RuleBasedPlanner } from './lib/dynamic/rule-based-planner';
export { validatePlan } from './lib/dynamic/plan-validation';
export { checkPlanPreconditions } from './lib/dynamic/plan-preconditions';
export { SOL_FEE_RESERVE_LAMPORTS, TRANSACTION_FEE_LAMPORTS } from './lib/dynamic/projected-wallet';
export { renderStepPrompt, TemplateError } from './lib/dynamic/step-template';
export { marketPriceSource } from './lib/dynamic/price-source';
export { DEFAULT_DYNAMIC_STATE, DEFAULT_WALLET } from './lib/dynamic/default-state';
export { passAtK, passHatK, repeatedRunStats, type RepeatedRunStats } from './lib/benchmark/repeated-runs';
export type { DefaultAgentOptions } from './lib/agents/agent-registry';
export { LlmPlanner, openAiPlanModel, type PlanModel } from './lib/dynamic/llm-planner';
export { DatabaseResponseCache, databaseCacheSettings, ResponseCacheEntrySchema } from './lib/llm/database-response-cache';
export { cachedPlanModel, createLlmPlanner, PLAN_SAMPLING, type CreateLlmPlannerOptions } from './lib/llm/llm-planner-cache';
export {
  exportLlmResponses,
  importLlmResponses,
  LLM_RESPONSE_FILE_FORMAT,
  LlmResponseFileError,
  LlmResponseFileSchema,
  parseLlmResponseFile,
  readLlmResponseFile,
  writeLlmResponseFile,
  type ExportLlmResponsesOptions,
  type LlmResponseFile,
} from './lib/llm/response-file';
export { WorkerFlowPool, type FlowRequestOptions, type WorkerFlowPoolOptions } from './lib/workers/worker-flow-pool';
