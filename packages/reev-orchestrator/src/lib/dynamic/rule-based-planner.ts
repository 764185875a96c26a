import { createHash } from 'node:crypto';
import type { AtomicMode, DynamicFlowPlan, KnownToken, WalletContext } from '@reev/types';
import { planSequence, poolReadsOf } from './intent-steps';
import { PlanBuilder } from './plan-builder';
import { validatePlan } from './plan-validation';
import { validateUserRequest, type Planner } from './planner';
import { ProjectedWallet } from './projected-wallet';
import { planExit, planMultiply, planRebalance, planYield } from './strategies';

/**
 * Rule-based planner: strategies first (each acts only when its precondition holds in the wallet), then
 * explicit action sequences read with the deterministic agent's intent grammar. Every amount is checked
 * against the projected wallet as the plan is built, so an unsafe request is refused before anything runs.
 */
export class RuleBasedPlanner implements Planner {
  readonly kind = 'rules' as const;

  plan(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): Promise<DynamicFlowPlan> {
    return Promise.resolve().then(() => this.planNow(prompt, context, tokens));
  }

  private planNow(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): DynamicFlowPlan {
    const text = validateUserRequest(prompt);
    const lower = text.toLowerCase();
    // A strategy plans its own actions; the lending-pool reads the request asks for come before them. Strategies
    // that do not apply add no step, so an explicit sequence starts from a fresh builder.
    const wallet = new ProjectedWallet(tokens, context);
    const strategic = new PlanBuilder(wallet, { poolReadsBeforeActions: poolReadsOf(text, wallet) });
    const strategy = planExit(lower, strategic) ?? planRebalance(lower, strategic) ?? planMultiply(lower, strategic) ?? planYield(lower, strategic);
    const builder = strategy === undefined ? new PlanBuilder(new ProjectedWallet(tokens, context)) : strategic;
    const category = strategy ?? planSequence(text, builder);
    const atomicMode: AtomicMode = 'Strict';
    return validatePlan(
      {
        flow_id: `flow-${createHash('sha256').update(`${text}|${context.owner}|${Date.now()}|${Math.random()}`).digest('hex').slice(0, 16)}`,
        user_prompt: text,
        steps: builder.steps,
        context,
        metadata: {
          created_at: new Date().toISOString(),
          category,
          complexity_score: Math.min(10, builder.steps.length + 1),
          tags: [category],
          version: '1',
          planner: 'rules',
        },
        atomic_mode: atomicMode,
      },
      tokens,
    );
  }
}
