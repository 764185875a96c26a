import { DeterministicAgent } from '@reev/agent';
import { type ChatRequestBody, contentOf, type ModelServer, type PolicyAnswer, startPolicyModelServer } from '@reev/testing';
import type { WalletContext } from '@reev/types';
import { RuleBasedPlanner } from '../../dynamic/rule-based-planner';

/** A planner request: the rule-based planner's plan for the request, in the JSON shape the LlmPlanner asks for. */
async function answerPlanRequest(request: ChatRequestBody): Promise<PolicyAnswer> {
  const system = contentOf(request.messages[0], 'system');
  const prompt = contentOf(request.messages[1], 'user');
  const wallet = /^Wallet context \(base units\): (.*)$/m.exec(system)?.[1];
  const tokenLine = /^Known tokens: (.*)$/m.exec(system)?.[1];
  if (wallet === undefined || tokenLine === undefined) throw new Error('the planner system message has no wallet context or known tokens');
  const tokens = [...tokenLine.matchAll(/(\S+) \((\S+), (\d+) decimals\)/g)].map((match) => ({
    symbol: match[1],
    mint: match[2],
    decimals: Number(match[3]),
  }));
  try {
    const plan = await new RuleBasedPlanner().plan(prompt, JSON.parse(wallet) as WalletContext, tokens);
    const body = { atomic_mode: plan.atomic_mode, category: plan.metadata.category, steps: plan.steps };
    return { content: `Here is the plan:\n\`\`\`json\n${JSON.stringify(body, null, 2)}\n\`\`\`` };
  } catch (error) {
    return { content: `I cannot plan this request: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The orchestrator tests' model: agent turns get the deterministic agent's policy, LlmPlanner requests the
 * rule-based planner's plan. The real openai SDK talks to it over HTTP, where a real model would be.
 */
export function startOrchestratorPolicyServer(port = 0): Promise<ModelServer> {
  return startPolicyModelServer({ agent: new DeterministicAgent(), answerPlanRequest, port });
}
