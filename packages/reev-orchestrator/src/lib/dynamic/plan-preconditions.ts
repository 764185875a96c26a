import type { DynamicFlowPlan, KnownToken } from '@reev/types';
import { planSequence, readIntents } from './intent-steps';
import { PlanBuilder } from './plan-builder';
import { PlanningError } from './planner';
import { ProjectedWallet } from './projected-wallet';
import { STEP_REFERENCE } from './step-template';

/**
 * Checks a plan someone else wrote (the LLM planner's) against the wallet it will act on: each step's
 * prompt is read with the intent grammar and replayed on the projected wallet, so a step that withdraws
 * from no position, spends more than the wallet will hold (fees included), moves a zero or negative amount
 * or sends to an unknown recipient is refused before anything runs. A step whose amount is an earlier
 * step's result is known only at run time; its words are still read, its amount is checked when it runs.
 */
export function checkPlanPreconditions(plan: DynamicFlowPlan, tokens: readonly KnownToken[]): void {
  const builder = new PlanBuilder(new ProjectedWallet(tokens, plan.context));
  for (const step of plan.steps) {
    const template = step.prompt_template;
    const readable = template.replace(STEP_REFERENCE, (_match, _step: string, _kind: string, symbol: string) => `all the ${symbol}`);
    try {
      if (readable === template) planSequence(template, builder);
      else readIntents(readable, plan.context, tokens);
    } catch (error) {
      if (!(error instanceof PlanningError)) throw error;
      throw new PlanningError(`step ${step.step_id} ("${template}"): ${error.message}`, error.reason);
    }
  }
}
