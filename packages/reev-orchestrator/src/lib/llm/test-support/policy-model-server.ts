import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson, DeterministicAgent } from '@reev/agent';
import type { AgentContext, KnownToken, Observation, ToolInvocation, ToolName, ToolOutcome, ToolSpec, WalletContext } from '@reev/types';
import { RuleBasedPlanner } from '../../dynamic/rule-based-planner';

/** The model id the policy server serves (LOCAL_MODEL_NAME of the tests and of the recorded fixture). */
export const POLICY_MODEL_NAME = 'scripted-policy';

interface ChatToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
}

interface Answer {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
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

function contentOf(message: ChatMessage | undefined, role: string): string {
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
    if (named) keyMap[named[1]] = named[2];
  }
  const tokens: KnownToken[] = [];
  for (const line of section(system, 'Known tokens')) {
    const token = /^- (\S+): mint (\S+), (\d+) decimals/.exec(line);
    if (token) tokens.push({ symbol: token[1], mint: token[2], decimals: Number(token[3]) });
  }
  const task = /^Task:\n([\s\S]*)\n\nOn-chain context[^\n]*:\n([\s\S]*)$/.exec(user);
  if (!task) throw new Error('the user message has no "Task:" and "On-chain context" parts');
  const observation = JSON.parse(task[2]) as Observation;
  return { context: { wallet, keyMap, observation, tokens }, prompt: task[1] };
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
 * One agent turn: the deterministic agent's policy, re-run over the conversation. Calls the conversation already
 * answered get their recorded results; the first call it has not answered is this turn's tool call. When the policy
 * finishes, its summary is the final message.
 */
async function answerAgentTurn(request: ChatRequest): Promise<Answer> {
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
    if (answered.name !== invocation.name || canonicalJson(answered.arguments) !== canonicalJson(invocation.arguments)) {
      return Promise.reject(
        new Error(`the conversation's call ${calls} is ${answered.name} ${canonicalJson(answered.arguments)}, the policy's is ${invocation.name} ${canonicalJson(invocation.arguments)}`),
      );
    }
    return Promise.resolve(answered.outcome);
  };
  try {
    const response = await new DeterministicAgent().runStep({
      stepId: 'policy',
      prompt,
      context,
      tools,
      maxTurns: 100,
      runIndex: 0,
      signal: new AbortController().signal,
      callTool,
    });
    const summary = response.finalMessage.trim() === '' ? 'Done.' : response.finalMessage;
    return { content: response.error === undefined ? summary : `I could not complete the task: ${response.error}`, toolCalls: [] };
  } catch (error) {
    if (!(error instanceof NextToolCall)) throw error;
    return {
      content: null,
      toolCalls: [{ id: `call_${turn}_0`, name: error.invocation.name, arguments: JSON.stringify(error.invocation.arguments) }],
    };
  }
}

/** A planner request: the rule-based planner's plan for the request, in the JSON shape the LlmPlanner asks for. */
async function answerPlanRequest(request: ChatRequest): Promise<Answer> {
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
    return { content: `Here is the plan:\n\`\`\`json\n${JSON.stringify(body, null, 2)}\n\`\`\``, toolCalls: [] };
  } catch (error) {
    return { content: `I cannot plan this request: ${error instanceof Error ? error.message : String(error)}`, toolCalls: [] };
  }
}

function completion(request: ChatRequest, answer: Answer, number: number): Record<string, unknown> {
  const toolCalls = answer.toolCalls.map((call, index) => ({ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  // Token counts from text length, so recorded and replayed accounting are the same numbers.
  const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  const completionTokens = Math.ceil(((answer.content ?? '').length + JSON.stringify(toolCalls).length) / 4);
  return {
    id: `chatcmpl-policy-${number}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 whose "model" is scripted: it reads the messages an LLM
 * agent sends (wallet, named addresses, known tokens, task, on-chain context, the tool results so far) and answers
 * with the next tool call of the deterministic agent's policy, then a final message. Requests of the LlmPlanner get
 * the rule-based planner's plan as JSON. The real openai SDK talks to it over HTTP; it stands at the outer edge, where
 * a real model would.
 */
export class PolicyModelServer {
  /** Every chat completion request, in arrival order. */
  readonly requests: ChatRequest[] = [];

  private constructor(private readonly server: Server) {}

  static async start(port = 0): Promise<PolicyModelServer> {
    const server = createServer();
    const instance = new PolicyModelServer(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void instance.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The environment of `--agent local` pointed at this server. */
  get env(): Record<string, string> {
    return { LOCAL_MODEL_URL: this.baseUrl, LOCAL_MODEL_NAME: POLICY_MODEL_NAME };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/v1/models') {
      send(200, { object: 'list', data: [{ id: POLICY_MODEL_NAME, object: 'model', owned_by: 'reev-tests' }] });
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      send(404, { error: { message: `no route ${request.method ?? ''} ${path}` } });
      return;
    }
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      this.requests.push(body);
      const isPlanRequest = (body.messages[0]?.content ?? '').startsWith('You plan Solana DeFi requests');
      const answer = isPlanRequest ? await answerPlanRequest(body) : await answerAgentTurn(body);
      send(200, completion(body, answer, this.requests.length));
    } catch (error) {
      // A 400 is not retried: a policy that cannot read the conversation fails the step at once, loudly.
      send(400, { error: { message: `policy model: ${error instanceof Error ? error.message : String(error)}`, type: 'policy_error' } });
    }
  }
}
