import type { DynamicFlowPlan, DynamicStep, RecoveryStrategy } from '@reev/types';
import type { RecoveryConfig } from '../request-schemas';

/** The most attempts a Retry strategy may ask for (RecoveryStrategySchema's bound). */
const MAX_RETRIES = 10;

/**
 * How many retries of a step fit in `max_recovery_time_ms`: the waits before them (base, base × multiplier, …, each
 * capped at max_retry_delay_ms) must add up to at most that time.
 */
export function retriesWithin(config: RecoveryConfig): number {
  let retries = 0;
  let waited = 0;
  while (retries < MAX_RETRIES) {
    const wait = Math.min(config.max_retry_delay_ms, config.base_retry_delay_ms * config.backoff_multiplier ** retries);
    if (waited + wait > config.max_recovery_time_ms) break;
    waited += wait;
    retries += 1;
  }
  return retries;
}

function recoveredStep(step: DynamicStep, config: RecoveryConfig, retries: number): DynamicStep {
  const strategy = step.recovery_strategy;
  const kept =
    (strategy?.type === 'AlternativeFlow' && config.enable_alternative_flows) ||
    (strategy?.type === 'UserFulfillment' && config.enable_user_fulfillment) ||
    (strategy?.type === 'Retry' && strategy.attempts >= retries);
  if (kept) return step;
  const { recovery_strategy: _dropped, ...rest } = step;
  const retry: RecoveryStrategy | undefined = retries > 0 ? { type: 'Retry', attempts: retries } : undefined;
  return retry ? { ...rest, recovery_strategy: retry } : rest;
}

/**
 * The plan execute-recovery runs: every step (of the plan and of its alternatives) without a strategy the config
 * enables gets Retry with as many attempts as fit the recovery time; AlternativeFlow and UserFulfillment stay only
 * when the config enables them.
 */
export function withRecovery(plan: DynamicFlowPlan, config: RecoveryConfig): DynamicFlowPlan {
  const retries = retriesWithin(config);
  const adjust = (flow: DynamicFlowPlan): DynamicFlowPlan => ({
    ...flow,
    steps: flow.steps.map((step) => recoveredStep(step, config, retries)),
    ...(flow.alternatives ? { alternatives: flow.alternatives.map((alternative) => adjust(alternative as DynamicFlowPlan)) } : {}),
  });
  return adjust(plan);
}
