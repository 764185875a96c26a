import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson, DeterministicAgent } from '@reev/agent';
import type { AgentContext, KnownToken, Observation, ToolInvocation, ToolName, ToolOutcome, ToolSpec } from '@reev/types';

/** The model id the policy server serves. */
export const POLICY_MODEL_NAME = 'scripted-policy';

interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface PolicyRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
}

interface Answer {
  content: string | null;
  toolCall?: { id: string; name: string; arguments: string };
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

/** The lines after the heading line starting with `heading`, up to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`the system message has no "${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** What the agent's system and first user message say: wallet, named addresses, known tokens, task, on-chain context. */
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
function answeredCalls(messages: ChatMessage[]): { name: string; arguments: unknown; outcome: ToolOutcome }[] {
  const results = new Map(messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, message.content]));
  return messages.flatMap((message) =>
    (message.tool_calls ?? []).map((call) => {
      const result = results.get(call.id);
      if (typeof result !== 'string') throw new Error(`tool call ${call.id} (${call.function.name}) has no tool result`);
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
 * One agent turn: the deterministic agent's policy re-run over the conversation. Calls already answered get their
 * recorded results; the first one not answered yet is this turn's tool call; when the policy is done, its summary is
 * the final message.
 */
async function answerTurn(request: PolicyRequest): Promise<Answer> {
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
      return Promise.reject(new Error(`the conversation's call ${calls} is ${answered.name}, the policy's is ${invocation.name}`));
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
    return { content: response.error === undefined ? summary : `I could not complete the task: ${response.error}` };
  } catch (error) {
    if (!(error instanceof NextToolCall)) throw error;
    return { content: null, toolCall: { id: `call_${turn}_0`, name: error.invocation.name, arguments: JSON.stringify(error.invocation.arguments) } };
  }
}

function completion(request: PolicyRequest, answer: Answer, number: number): Record<string, unknown> {
  const toolCalls = answer.toolCall
    ? [{ index: 0, id: answer.toolCall.id, type: 'function', function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }]
    : [];
  // Token counts from text length, so a replay reports the recorded numbers.
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
 * An OpenAI-compatible server on 127.0.0.1 whose "model" is scripted: it reads what an LLM agent sends (wallet, named
 * addresses, known tokens, task, on-chain context, tool results so far) and answers with the next tool call of the
 * deterministic agent's policy, then a final message. It stands where a real model would; the agent reaches it
 * through the real openai SDK over HTTP. (The orchestrator's tests have their own, which also plans.)
 */
export class PolicyModelServer {
  /** Every chat completion request, in arrival order. */
  readonly requests: PolicyRequest[] = [];
  /** GET /v1/models requests (the agents' preflight). */
  modelListRequests = 0;

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>/v1`; stays the agents' URL after `stop`, when nothing answers there. */
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<PolicyModelServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const instance = new PolicyModelServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void instance.handle(request, response));
    return instance;
  }

  /** The environment of the `local` agent pointed at this server. */
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
    if (request.method === 'GET' && request.url === '/v1/models') {
      this.modelListRequests += 1;
      send(200, { object: 'list', data: [{ id: POLICY_MODEL_NAME, object: 'model' }] });
      return;
    }
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      send(404, { error: { message: `no route ${request.method ?? ''} ${request.url ?? ''}` } });
      return;
    }
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PolicyRequest;
      this.requests.push(body);
      send(200, completion(body, await answerTurn(body), this.requests.length));
    } catch (error) {
      // A 400 is not retried: a policy that cannot read the conversation fails the step at once, loudly.
      send(400, { error: { message: `policy model: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }
}
