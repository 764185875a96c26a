import type { AgentContext, ToolInvocation, ToolOutcome, ToolSpec } from '@reev/types';

/** One model call within a step (LLM agents). */
export interface AgentCallUsage {
  /** 1-based turn of the step the call answered. */
  turn: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Time waiting for the answer, retries and their backoff included (about 0 for a replayed answer). */
  latencyMs: number;
  /** HTTP attempts made (1 without retries; 0 for a replayed answer). */
  attempts: number;
  /** `network`: the model answered now; `replay`: the answer came from the response cache. */
  source: 'network' | 'replay';
  /** False when the server reported no token counts (the counts are then 0). */
  usageReported: boolean;
  /** Present when a price table has the model. */
  costUsd?: number;
}

/** Token accounting for one step (LLM agents; zero for the deterministic agent). */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  llmCalls: number;
  latencyMs: number;
  costUsd?: number;
  /** Per-call details, in call order (LLM agents). */
  calls?: AgentCallUsage[];
}

/** Everything an agent gets for one step. The agent drives the ping-pong by calling `callTool`. */
export interface AgentStepRequest {
  /** Stable id of the step (benchmark id, or `<flow>:<step_id>`). */
  stepId: string;
  prompt: string;
  context: AgentContext;
  /** Only these tools may be called. */
  tools: ToolSpec[];
  /** Upper bound on agent turns (one turn = one model response or one decision). */
  maxTurns: number;
  /** Distinct per repeated run of the same benchmark (record/replay keys on it). */
  runIndex: number;
  signal: AbortSignal;
  /** Executes one tool call on the environment and returns what the agent sees. Never throws for tool errors. */
  callTool(invocation: ToolInvocation): Promise<ToolOutcome>;
}

export interface AgentStepResponse {
  /** The agent's final words for the step. */
  finalMessage: string;
  turns: number;
  /** Set when the agent could not do the step (e.g. it did not understand the prompt). */
  error?: string;
  usage?: AgentUsage;
}

/** An agent under evaluation. Implementations must honour `signal` and `maxTurns`. */
export interface Agent {
  readonly name: string;
  runStep(request: AgentStepRequest): Promise<AgentStepResponse>;
}
