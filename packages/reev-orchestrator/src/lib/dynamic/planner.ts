import type { SolanaEnv } from '@reev/lib';
import type { DynamicFlowPlan, KnownToken, WalletContext } from '@reev/types';

export const MAX_PROMPT_LENGTH = 1000;

/** `no_position`: the request acts on lending positions the wallet does not have. */
export type PlanningFailure = 'empty' | 'too_long' | 'unplannable' | 'unaffordable' | 'no_position' | 'invalid_plan';

/** A request that cannot become a plan; the message says why in words a user understands. */
export class PlanningError extends Error {
  constructor(
    message: string,
    readonly reason: PlanningFailure,
  ) {
    super(message);
    this.name = 'PlanningError';
  }
}

/** Turns a request and the wallet's real context into a validated DynamicFlowPlan. */
export interface Planner {
  readonly kind: 'rules' | 'llm';
  plan(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): Promise<DynamicFlowPlan>;
}

/** Rejects requests no planner should try: empty, or longer than MAX_PROMPT_LENGTH characters. */
export function validateUserRequest(prompt: string): string {
  const trimmed = prompt.trim();
  if (trimmed.length === 0) throw new PlanningError('the request is empty: say what the agent should do', 'empty');
  if (trimmed.length > MAX_PROMPT_LENGTH) {
    throw new PlanningError(
      `the request is ${trimmed.length} characters long; the limit is ${MAX_PROMPT_LENGTH}`,
      'too_long',
    );
  }
  return trimmed;
}

/**
 * The environment's tokens for a planner: the list agentContext() gives (copies of the tool context's), without the
 * observation of every known account that agentContext() also makes.
 */
export function plannerTokens(env: SolanaEnv): KnownToken[] {
  return env.toolContext().tokens.map((token) => ({ ...token }));
}
