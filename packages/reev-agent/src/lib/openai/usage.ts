import type { AgentCallUsage, AgentUsage } from '../agent';

/** US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Prices by model id (the id sent in requests, e.g. `glm-4.6`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export function callCostUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Sums the calls of one step. */
export class StepUsage {
  private readonly calls: AgentCallUsage[] = [];

  constructor(private readonly prices: PriceTable | undefined) {}

  record(call: Omit<AgentCallUsage, 'costUsd'>): AgentCallUsage {
    // Without reported token counts a price would give a cost of 0, which is wrong rather than unknown.
    const price = call.usageReported ? this.prices?.[call.model] : undefined;
    const recorded: AgentCallUsage = price ? { ...call, costUsd: callCostUsd(price, call.inputTokens, call.outputTokens) } : call;
    this.calls.push(recorded);
    return recorded;
  }

  get totalTokens(): number {
    return this.calls.reduce((sum, call) => sum + call.inputTokens + call.outputTokens, 0);
  }

  summary(): AgentUsage {
    const costs = this.calls.flatMap((call) => (call.costUsd === undefined ? [] : [call.costUsd]));
    return {
      inputTokens: this.calls.reduce((sum, call) => sum + call.inputTokens, 0),
      outputTokens: this.calls.reduce((sum, call) => sum + call.outputTokens, 0),
      llmCalls: this.calls.length,
      latencyMs: this.calls.reduce((sum, call) => sum + call.latencyMs, 0),
      // A partial sum would understate the cost, so cost is given only when every call was priced.
      ...(this.calls.length > 0 && costs.length === this.calls.length ? { costUsd: costs.reduce((sum, cost) => sum + cost, 0) } : {}),
      calls: [...this.calls],
    };
  }
}
