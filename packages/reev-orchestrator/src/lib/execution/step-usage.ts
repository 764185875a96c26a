import type { AgentUsage } from '@reev/agent';
import type { StepUsage } from '@reev/types';

/** The stored form of an agent's accounting; undefined when the step called no model. */
export function stepUsageOf(usage: AgentUsage | undefined): StepUsage | undefined {
  if (!usage || usage.llmCalls === 0) return undefined;
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    llm_calls: usage.llmCalls,
    latency_ms: usage.latencyMs,
    ...(usage.costUsd !== undefined ? { cost_usd: usage.costUsd } : {}),
  };
}

/** Totals over steps; cost only when every step that used a model was priced. */
export function sumUsage(usages: readonly (StepUsage | undefined)[]): StepUsage | undefined {
  const present = usages.filter((usage): usage is StepUsage => usage !== undefined);
  if (present.length === 0) return undefined;
  const priced = present.every((usage) => usage.cost_usd !== undefined);
  return {
    input_tokens: present.reduce((sum, usage) => sum + usage.input_tokens, 0),
    output_tokens: present.reduce((sum, usage) => sum + usage.output_tokens, 0),
    llm_calls: present.reduce((sum, usage) => sum + usage.llm_calls, 0),
    latency_ms: present.reduce((sum, usage) => sum + usage.latency_ms, 0),
    ...(priced ? { cost_usd: present.reduce((sum, usage) => sum + (usage.cost_usd ?? 0), 0) } : {}),
  };
}
