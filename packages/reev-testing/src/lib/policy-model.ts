import type { AgentContext, KnownToken, Observation, ToolInvocation, ToolName, ToolOutcome, ToolSpec } from '@reev/types';
import { type ChatMessage, type ChatRequestBody, completionBody, ModelServer, type ScriptedResponse, type ScriptedToolCall } from './model-server';

/** The model id the policy server serves (LOCAL_MODEL_NAME of the tests and of the recorded suite fixture). */
export const POLICY_MODEL_NAME = 'scripted-policy';

/** An agent whose policy answers the conversation: structurally `@reev/agent`'s `Agent` (this package sits below it). */
export interface PolicyAgent {
  runStep(request: {
    stepId: string;
    prompt: string;
    context: AgentContext;
    tools: ToolSpec[];
    maxTurns: number;
    runIndex: number;
    signal: AbortSignal;
    callTool(invocation: ToolInvocation): Promise<ToolOutcome>;
  }): Promise<{ finalMessage: string; error?: string }>;
}

/** What the policy says in one turn: a final message, or tool calls. */
export interface PolicyAnswer {
  content: string | null;
  toolCalls?: ScriptedToolCall[];
}

export interface PolicyModelOptions {
  /** The policy re-run over each agent conversation (e.g. `new DeterministicAgent()`). */
  agent: PolicyAgent;
  /** Answers the LlmPlanner's requests (system message "You plan Solana DeFi requests…"); without it they get a 400. */
  answerPlanRequest?: (body: ChatRequestBody) => Promise<PolicyAnswer>;
  port?: number;
}

/** A tool call the conversation has already answered: what the model asked and what the tool said. */
interface AnsweredCall {
  name: string;
  arguments: unknown;
  outcome: ToolOutcome;
}

/** The policy wants a tool call the conversation has not answered yet: that call is this turn's answer. */
class NextToolCall extends Error {
  constructor(readonly invocation: ToolInvocation) {
    super(`next tool call: ${invocation.name}`);
  }
}

/** JSON with object keys sorted, so two values compare equal whatever their key order. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    typeof member === 'object' && member !== null && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

export function contentOf(message: ChatMessage | undefined, role: string): string {
  if (message?.role !== role || typeof message.content !== 'string') throw new Error(`expected a ${role} message with text content`);
  return message.content;
}

/** The lines of `text` after the heading line starting with `heading`, up to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`the system message has no "${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** What an agent's system and first user message tell: the wallet, the named addresses, the tokens, the task. */
function readAgentMessages(system: string, user: string): { context: AgentContext; prompt: string } {
  const wallet = /^Your wallet \([^)]*\): (\S+)$/m.exec(system)?.[1];
  if (wallet === undefined) throw new Error('the system message names no wallet');
  const keyMap: Record<string, string> = {};
  for (const line of section(system, 'Named addresses')) {
    const named = /^- (\S+): (\S+)$/.exec(line);
    if (named?.[1] !== undefined && named[2] !== undefined) keyMap[named[1]] = named[2];
  }
  const tokens: KnownToken[] = [];
  for (const line of section(system, 'Known tokens')) {
    const token = /^- (\S+): mint (\S+), (\d+) decimals/.exec(line);
    if (token?.[1] !== undefined && token[2] !== undefined) tokens.push({ symbol: token[1], mint: token[2], decimals: Number(token[3]) });
  }
  const task = /^Task:\n([\s\S]*)\n\nOn-chain context[^\n]*:\n([\s\S]*)$/.exec(user);
  if (task?.[1] === undefined || task[2] === undefined) throw new Error('the user message has no "Task:" and "On-chain context" parts');
  return { context: { wallet, keyMap, observation: JSON.parse(task[2]) as Observation, tokens }, prompt: task[1] };
}

/** The tool calls of the conversation so far, each with the result the agent sent back. */
function answeredCalls(messages: ChatMessage[]): AnsweredCall[] {
  const results = new Map(messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, message.content]));
  return messages.flatMap((message) =>
    (message.tool_calls ?? []).map((call) => {
      const result = results.get(call.id);
      if (typeof result !== 'string') throw new Error(`tool call ${call.id} (${call.function.name}) has no tool result in the conversation`);
      const sent = JSON.parse(result) as { ok: boolean; output?: unknown; error?: string };
      return {
        name: call.function.name,
        arguments: JSON.parse(call.function.arguments === '' ? '{}' : call.function.arguments) as unknown,
        outcome: { ok: sent.ok, output: sent.output ?? null, ...(sent.error === undefined ? {} : { error: sent.error }), transactions: [] },
      };
    }),
  );
}

/**
 * One agent turn: the policy re-run over the conversation. Calls the conversation already answered get their
 * recorded results; the first call it has not answered is this turn's tool call. When the policy finishes, its
 * summary is the final message.
 */
async function answerAgentTurn(agent: PolicyAgent, request: ChatRequestBody): Promise<PolicyAnswer> {
  const [system, user, ...rest] = request.messages;
  const { context, prompt } = readAgentMessages(contentOf(system, 'system'), contentOf(user, 'user'));
  const history = answeredCalls(rest);
  const turn = rest.filter((message) => message.role === 'assistant').length + 1;
  const tools: ToolSpec[] = (request.tools ?? []).map((tool) => ({
    name: tool.function.name as ToolName,
    description: tool.function.description ?? '',
    parameters: tool.function.parameters ?? {},
  }));
  let calls = 0;
  const callTool = (invocation: ToolInvocation): Promise<ToolOutcome> => {
    const answered = history[calls];
    calls += 1;
    if (answered === undefined) return Promise.reject(new NextToolCall(invocation));
    if (answered.name !== invocation.name || sortedJson(answered.arguments) !== sortedJson(invocation.arguments)) {
      return Promise.reject(
        new Error(`the conversation's call ${calls} is ${answered.name} ${sortedJson(answered.arguments)}, the policy's is ${invocation.name} ${sortedJson(invocation.arguments)}`),
      );
    }
    return Promise.resolve(answered.outcome);
  };
  try {
    const response = await agent.runStep({ stepId: 'policy', prompt, context, tools, maxTurns: 100, runIndex: 0, signal: new AbortController().signal, callTool });
    const summary = response.finalMessage.trim() === '' ? 'Done.' : response.finalMessage;
    return { content: response.error === undefined ? summary : `I could not complete the task: ${response.error}` };
  } catch (error) {
    if (!(error instanceof NextToolCall)) throw error;
    return { content: null, toolCalls: [{ id: `call_${turn}_0`, name: error.invocation.name, arguments: JSON.stringify(error.invocation.arguments) }] };
  }
}

function policyCompletion(request: ChatRequestBody, answer: PolicyAnswer, number: number): ScriptedResponse {
  const body = completionBody({ id: `chatcmpl-policy-${number}`, model: request.model, content: answer.content, toolCalls: answer.toolCalls, usage: null });
  const message = (body['choices'] as { message: { tool_calls?: unknown } }[])[0]?.message;
  // Token counts from text length, so recorded and replayed accounting are the same numbers.
  const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  const completionTokens = Math.ceil(((answer.content ?? '').length + JSON.stringify(message?.tool_calls ?? []).length) / 4);
  return { body: { ...body, usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } } };
}

/**
 * A model server whose "model" is scripted by a policy: it reads what an LLM agent sends (wallet, named addresses,
 * known tokens, task, on-chain context, tool results so far) and answers with the policy's next tool call, then its
 * final message; planner requests go to `answerPlanRequest`. A conversation the policy cannot read gets a 400 (not
 * retried), so the step fails at once, loudly.
 */
export function startPolicyModelServer(options: PolicyModelOptions): Promise<ModelServer> {
  return ModelServer.start({
    models: [POLICY_MODEL_NAME],
    port: options.port,
    answer: async (body, number) => {
      const isPlanRequest = (body.messages[0]?.content ?? '').startsWith('You plan Solana DeFi requests');
      const answer = isPlanRequest && options.answerPlanRequest ? await options.answerPlanRequest(body) : await answerAgentTurn(options.agent, body);
      return policyCompletion(body, answer, number);
    },
  });
}
