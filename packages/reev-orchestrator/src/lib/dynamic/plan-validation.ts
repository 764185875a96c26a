import { DynamicFlowPlanSchema, type DynamicFlowPlan, type KnownToken } from '@reev/types';
import { PlanningError } from './planner';
import { STEP_REFERENCE } from './step-template';

/** A number written in a step's prompt that no step may move: zero, negative, NaN or infinite. */
const NONSENSE_AMOUNT = /(^|\s)(-\s*\d|0+(\.0+)?\s|NaN\b|-?Infinity\b)/i;

/**
 * Schema validation plus consistency: known tools, positive amounts, unique step ids, dependencies and
 * references to earlier steps only, alternative flows that exist. Both planners' plans pass through here.
 */
export function validatePlan(candidate: unknown, tokens: readonly KnownToken[]): DynamicFlowPlan {
  const parsed = DynamicFlowPlanSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanningError(`invalid plan: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'schema mismatch'}`, 'invalid_plan');
  }
  const plan = parsed.data;
  const seen = new Set<string>();
  for (const step of plan.steps) {
    if (seen.has(step.step_id)) throw new PlanningError(`invalid plan: step id ${step.step_id} is used twice`, 'invalid_plan');
    for (const dep of step.depends_on) {
      if (!seen.has(dep)) throw new PlanningError(`invalid plan: step ${step.step_id} depends on ${dep}, which does not come before it`, 'invalid_plan');
    }
    for (const reference of step.prompt_template.matchAll(STEP_REFERENCE)) {
      if (!seen.has(reference[1] ?? '')) {
        throw new PlanningError(`invalid plan: step ${step.step_id} uses the result of ${reference[1]}, which does not come before it`, 'invalid_plan');
      }
      const symbol = reference[3] ?? '';
      if (symbol !== 'SOL' && !tokens.some((token) => token.symbol === symbol)) {
        throw new PlanningError(`invalid plan: step ${step.step_id} names unknown token ${symbol}`, 'invalid_plan');
      }
      if (reference[4] !== undefined && !(Number(reference[4]) > 0 && Number(reference[4]) <= Number(reference[5]))) {
        throw new PlanningError(`invalid plan: step ${step.step_id} takes ${reference[4]}/${reference[5]} of a result, which is not a part of it`, 'invalid_plan');
      }
    }
    if (NONSENSE_AMOUNT.test(step.prompt_template)) {
      throw new PlanningError(`invalid plan: step ${step.step_id} has a zero, negative or non-numeric amount: "${step.prompt_template}"`, 'invalid_plan');
    }
    for (const recovery of step.recovery_strategy?.type === 'AlternativeFlow' ? [step.recovery_strategy] : []) {
      if (!plan.alternatives?.some((alt) => (alt as DynamicFlowPlan).flow_id === recovery.flow_id)) {
        throw new PlanningError(`invalid plan: step ${step.step_id} names alternative flow ${recovery.flow_id}, which the plan lacks`, 'invalid_plan');
      }
    }
    seen.add(step.step_id);
  }
  return plan;
}
