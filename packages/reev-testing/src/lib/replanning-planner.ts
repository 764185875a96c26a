import type { DynamicFlowPlan, KnownToken, WalletContext } from '@reev/types';

/** Structurally `@reev/orchestrator`'s `Planner` (this package sits below it). */
export interface TestPlanner {
  readonly kind: 'rules' | 'llm';
  plan(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): Promise<DynamicFlowPlan>;
}

/**
 * A planner that plans `prompt` with `inner` whatever it is asked, under the flow id `flowId`: a spec that
 * registers it over the PLANNER token tells its plans apart from the default planner's.
 */
export function replanningPlanner(inner: TestPlanner, prompt: string, flowId: string): TestPlanner {
  return {
    kind: inner.kind,
    async plan(_request, context, tokens) {
      return { ...(await inner.plan(prompt, context, tokens)), flow_id: flowId };
    },
  };
}
