import OpenAI from 'openai';
import { z } from 'zod';
import { TOOL_NAMES, type DynamicFlowPlan, type KnownToken, type WalletContext } from '@reev/types';
import type { ModelRoute } from '@reev/agent';
import { PlanningError, validateUserRequest, type Planner } from './planner';
import { checkPlanPreconditions } from './plan-preconditions';
import { validatePlan } from './plan-validation';

/** One chat completion as text: the seam between the planner and a model endpoint. */
export type PlanModel = (messages: { role: 'system' | 'user' | 'assistant'; content: string }[], signal: AbortSignal) => Promise<string>;

/** A PlanModel on an OpenAI-compatible endpoint (temperature 0, JSON requested). */
export function openAiPlanModel(route: ModelRoute, timeoutMs = 60_000): PlanModel {
  const client = new OpenAI({ baseURL: route.baseUrl, apiKey: route.apiKey ?? 'not-needed', maxRetries: 2, timeout: timeoutMs });
  return async (messages, signal) => {
    const completion = await client.chat.completions.create({ model: route.model, messages, temperature: 0 }, { signal });
    const content = completion.choices[0]?.message.content;
    if (typeof content !== 'string' || content.trim() === '') throw new Error(`${route.model} returned no plan text`);
    return content;
  };
}

/** What the model is asked for: the steps (and optionally the atomic mode); reev fills ids, context and metadata. */
const ModelPlanSchema = z.object({
  atomic_mode: z.enum(['Strict', 'Lenient', 'Conditional']).optional(),
  category: z.string().optional(),
  steps: z.array(z.record(z.string(), z.unknown())).min(1),
});

function systemPrompt(context: WalletContext, tokens: readonly KnownToken[]): string {
  return [
    'You plan Solana DeFi requests for reev as a JSON object and nothing else.',
    'Reply with {"atomic_mode": "Strict"|"Lenient"|"Conditional", "category": string, "steps": [step, …]} where each step is',
    '{"step_id": string, "prompt_template": string, "description": string, "required_tools": [tool, …], "critical": boolean,',
    ' "depends_on": [step_id, …], "expected_effects": [{"account_owner": owner, "mint": mint or "SOL", "direction": "increase"|"decrease", "min_delta": integer}]}.',
    `Tools: ${TOOL_NAMES.join(', ')}.`,
    'Write each prompt_template as one plain instruction with a human amount, e.g. "Swap 2 SOL to USDC using Jupiter." or',
    '"Deposit {{<step_id>.received.USDC}} USDC into Jupiter lending." to use what an earlier step really received.',
    `Known tokens: ${tokens.map((token) => `${token.symbol} (${token.mint}, ${token.decimals} decimals)`).join(', ')}.`,
    `Wallet context (base units): ${JSON.stringify(context)}`,
  ].join('\n');
}

function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('the reply contains no JSON object');
  return JSON.parse(body.slice(start, end + 1)) as unknown;
}

/**
 * Asks a model for the plan, validates it against the schema and for consistency, retries once with the
 * validation error, then falls back to `fallback` (the rule-based planner) and records why in the metadata.
 */
export class LlmPlanner implements Planner {
  readonly kind = 'llm' as const;

  constructor(
    private readonly model: PlanModel,
    private readonly fallback: Planner,
    private readonly timeoutMs = 60_000,
  ) {}

  async plan(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): Promise<DynamicFlowPlan> {
    const request = validateUserRequest(prompt);
    const messages: Parameters<PlanModel>[0] = [
      { role: 'system', content: systemPrompt(context, tokens) },
      { role: 'user', content: request },
    ];
    const failures: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      let reply: string;
      try {
        reply = await this.model(messages, AbortSignal.timeout(this.timeoutMs));
      } catch (error) {
        failures.push(`model call failed: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
      try {
        return this.toPlan(reply, request, context, tokens);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failures.push(`attempt ${attempt}: ${reason}`);
        messages.push({ role: 'assistant', content: reply }, { role: 'user', content: `That plan is invalid: ${reason}. Reply with a corrected JSON plan only.` });
      }
    }
    const plan = await this.fallback.plan(request, context, tokens);
    return { ...plan, metadata: { ...plan.metadata, planner: 'rules', planner_fallback: `LLM planner failed (${failures.join('; ')}); used the rule-based planner` } };
  }

  private toPlan(reply: string, prompt: string, context: WalletContext, tokens: readonly KnownToken[]): DynamicFlowPlan {
    const parsed = ModelPlanSchema.safeParse(extractJson(reply));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PlanningError(`invalid plan: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'schema mismatch'}`, 'invalid_plan');
    }
    const plan = validatePlan(
      {
        flow_id: `flow-llm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        user_prompt: prompt,
        steps: parsed.data.steps,
        context,
        metadata: {
          created_at: new Date().toISOString(),
          category: parsed.data.category ?? 'llm',
          complexity_score: Math.min(10, parsed.data.steps.length + 1),
          tags: ['llm'],
          version: '1',
          planner: 'llm',
        },
        atomic_mode: parsed.data.atomic_mode ?? 'Strict',
      },
      tokens,
    );
    checkPlanPreconditions(plan, tokens);
    return plan;
  }
}
