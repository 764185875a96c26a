import type { ToolOutcome, ToolSpec } from '@reev/types';
import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Agent, AgentStepRequest, AgentStepResponse } from '../agent';
import { errorFields } from './errors';
import { abortText, DEFAULT_RETRY_POLICY, requestChatCompletion, type RetryPolicy } from './model-call';
import { parseChatCompletion, type ModelReply, type ModelToolCall } from './model-reply';
import { resolveModelRoute, type ModelRoute, type ModelRouteEnvironment } from './model-route';
import { systemMessage, stepMessage } from './prompt';
import { responseCacheKey, type ResponseCacheSettings } from './response-cache';
import { StepUsage, type PriceTable } from './usage';

/** Request parameters besides model, messages and tools. Unset ones are left to the server's defaults. */
export interface SamplingParameters {
  temperature?: number;
  topP?: number;
  seed?: number;
  /** Per-call output token limit (sent as max_tokens or max_completion_tokens, as the route needs). */
  maxOutputTokens?: number;
  parallelToolCalls?: boolean;
}

export interface OpenAiCompatibleAgentOptions {
  route: ModelRoute;
  /** The agent's name in results; defaults to the route's agent name. */
  name?: string;
  sampling?: SamplingParameters;
  /** Input plus output tokens one step may use; the step stops with an error once a call takes it over. */
  maxTokensPerStep?: number;
  /** Per HTTP attempt (default 120 000 ms). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  prices?: PriceTable;
  cache?: ResponseCacheSettings;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

type ReplyResult = { ok: true; reply: ModelReply } | { ok: false; error: string };

function errorText(error: unknown): string {
  return errorFields(error)?.message ?? String(error);
}

function functionTool(spec: ToolSpec): ChatCompletionFunctionTool {
  return { type: 'function', function: { name: spec.name, description: spec.description, parameters: spec.parameters } };
}

function toolResultContent(outcome: ToolOutcome): string {
  if (outcome.ok) return JSON.stringify({ ok: true, output: outcome.output });
  return JSON.stringify({
    ok: false,
    error: outcome.error ?? 'the tool failed without saying why',
    ...(outcome.output === null || outcome.output === undefined ? {} : { output: outcome.output }),
  });
}

function excerpt(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/**
 * An LLM agent over any OpenAI-compatible chat completions API with tool calling (ZAI GLM, OpenAI, LM Studio,
 * llama.cpp, vLLM, …). Each step is a conversation: model → tool calls → callTool → results back → … until the model
 * answers without tool calls, bounded by maxTurns and an optional token budget. Every failure ends as
 * AgentStepResponse.error; runStep does not throw.
 */
export class OpenAiCompatibleAgent implements Agent {
  readonly name: string;
  private readonly route: ModelRoute;
  private readonly client: OpenAI;
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly cache: ResponseCacheSettings;

  constructor(private readonly options: OpenAiCompatibleAgentOptions) {
    this.route = options.route;
    this.name = options.name ?? options.route.agentName;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.cache = options.cache ?? { mode: 'off' };
    if (options.maxTokensPerStep !== undefined && !(Number.isInteger(options.maxTokensPerStep) && options.maxTokensPerStep > 0)) {
      throw new RangeError(`agent ${this.name}: maxTokensPerStep must be a positive integer, got ${options.maxTokensPerStep}`);
    }
    this.client = new OpenAI({
      baseURL: this.route.baseUrl,
      // The SDK insists on a key; keyless local servers get a placeholder that the null header below keeps off the wire.
      apiKey: this.route.apiKey ?? 'no-key',
      ...(this.route.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
      maxRetries: 0,
      timeout: this.requestTimeoutMs,
    });
  }

  async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
    const usage = new StepUsage(this.options.prices);
    let turns = 0;
    const fail = (error: string): AgentStepResponse => ({ finalMessage: '', turns, error, usage: usage.summary() });
    try {
      if (!(Number.isInteger(request.maxTurns) && request.maxTurns > 0)) {
        return fail(`maxTurns must be a positive integer, got ${request.maxTurns}`);
      }
      const allowed = new Set<string>(request.tools.map((tool) => tool.name));
      const tools = request.tools.map(functionTool);
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemMessage(request.context) },
        { role: 'user', content: stepMessage(request.prompt, request.context.observation) },
      ];

      while (turns < request.maxTurns) {
        if (request.signal.aborted) return fail(abortText(request.signal));
        const turn = turns + 1;
        const answer = await this.reply(request, turn, messages, tools, usage);
        if (!answer.ok) return fail(answer.error);
        turns = turn;
        const reply = answer.reply;
        const budget = this.options.maxTokensPerStep;
        if (budget !== undefined && usage.totalTokens > budget) {
          return fail(
            `token budget exceeded: step ${request.stepId} used ${usage.totalTokens} tokens in ${turn} model call(s), ` +
              `over its budget of ${budget}`,
          );
        }
        if (reply.toolCalls.length === 0) {
          if (reply.content !== null) return { finalMessage: reply.content.trim(), turns, usage: usage.summary() };
          if (reply.reasoningContent !== null) {
            return fail(
              `model ${this.route.model} answered turn ${turn} with reasoning_content only (no content, no tool call): ` +
                `"${excerpt(reply.reasoningContent)}"`,
            );
          }
          return fail(
            `model ${this.route.model} returned an empty response at turn ${turn} ` +
              `(no content, no tool call, finish_reason ${reply.finishReason ?? 'missing'})`,
          );
        }
        messages.push({
          role: 'assistant',
          content: reply.content,
          tool_calls: reply.toolCalls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: call.arguments },
          })),
        });
        for (const call of reply.toolCalls) {
          if (request.signal.aborted) return fail(abortText(request.signal));
          messages.push({ role: 'tool', tool_call_id: call.id, content: await this.runToolCall(request, call, allowed) });
        }
      }
      return fail(`the model was still calling tools after ${request.maxTurns} turn(s) (maxTurns) in step ${request.stepId}`);
    } catch (error) {
      return fail(`agent ${this.name} failed in step ${request.stepId}: ${errorText(error)}`);
    }
  }

  /** Unknown tools and malformed arguments go back to the model as tool results, so it may correct itself. */
  private async runToolCall(request: AgentStepRequest, call: ModelToolCall, allowed: ReadonlySet<string>): Promise<string> {
    if (!allowed.has(call.name)) {
      const names = [...allowed].join(', ');
      return JSON.stringify({ ok: false, error: `unknown tool "${call.name}"; the tools you may call are: ${names === '' ? '(none)' : names}` });
    }
    let parsed: unknown;
    try {
      // An empty argument string is how several servers send a call without arguments.
      parsed = call.arguments.trim() === '' ? {} : (JSON.parse(call.arguments) as unknown);
    } catch (error) {
      return JSON.stringify({
        ok: false,
        error: `the arguments of ${call.name} are not valid JSON (${errorText(error)}); send one JSON object matching the tool's parameters`,
      });
    }
    const outcome = await request.callTool({ callId: call.id, name: call.name, arguments: parsed });
    return toolResultContent(outcome);
  }

  private requestBody(messages: ChatCompletionMessageParam[], tools: ChatCompletionFunctionTool[]): ChatCompletionCreateParamsNonStreaming {
    const sampling = this.options.sampling ?? {};
    return {
      model: this.route.model,
      messages,
      ...(tools.length > 0 ? { tools, tool_choice: 'auto' as const } : {}),
      ...(sampling.temperature === undefined ? {} : { temperature: sampling.temperature }),
      ...(sampling.topP === undefined ? {} : { top_p: sampling.topP }),
      ...(sampling.seed === undefined ? {} : { seed: sampling.seed }),
      ...(sampling.maxOutputTokens === undefined ? {} : { [this.route.outputTokenLimitParameter]: sampling.maxOutputTokens }),
      ...(sampling.parallelToolCalls === undefined || tools.length === 0 ? {} : { parallel_tool_calls: sampling.parallelToolCalls }),
    };
  }

  /** The model's answer for one turn: from the response cache or the network, as the cache mode says. */
  private async reply(
    request: AgentStepRequest,
    turn: number,
    messages: ChatCompletionMessageParam[],
    tools: ChatCompletionFunctionTool[],
    usage: StepUsage,
  ): Promise<ReplyResult> {
    const body = this.requestBody(messages, tools);
    const { model, messages: sentMessages, tools: sentTools, ...sampling } = body;
    const cache = this.cache;
    const key =
      cache.mode === 'off'
        ? undefined
        : responseCacheKey({ model, baseUrl: this.route.baseUrl, messages: sentMessages, tools: sentTools ?? [], sampling, runIndex: request.runIndex });

    if (key !== undefined && cache.mode !== 'off' && cache.mode !== 'record') {
      const started = performance.now();
      const hit = await cache.store.get(key);
      if (hit) {
        this.account(usage, turn, hit.reply, performance.now() - started, 0, 'replay');
        return { ok: true, reply: hit.reply };
      }
      if (cache.mode === 'replay') {
        return {
          ok: false,
          error:
            `replay miss: no recorded response for model ${model} at turn ${turn} of step ${request.stepId} ` +
            `(run ${request.runIndex}, key ${key.slice(0, 12)})`,
        };
      }
    }

    const started = performance.now();
    const call = await requestChatCompletion(this.client, body, {
      signal: request.signal,
      timeoutMs: this.requestTimeoutMs,
      retry: this.retry,
      description: `${model} at ${this.route.baseUrl} (turn ${turn})`,
      apiKeyVariable: this.route.apiKeyVariable,
    });
    if (!call.ok) return call;
    const parsed = parseChatCompletion(call.body, turn);
    if (!parsed.ok) return { ok: false, error: `model ${model} at ${this.route.baseUrl} (turn ${turn}): ${parsed.error}` };
    this.account(usage, turn, parsed.reply, performance.now() - started, call.attempts, 'network');
    if (key !== undefined && cache.mode !== 'off') {
      await cache.store.put(key, { model, baseUrl: this.route.baseUrl, turn, reply: parsed.reply, recordedAt: new Date().toISOString() });
    }
    return parsed;
  }

  private account(usage: StepUsage, turn: number, reply: ModelReply, latencyMs: number, attempts: number, source: 'network' | 'replay'): void {
    usage.record({
      turn,
      model: this.route.model,
      inputTokens: reply.usage?.inputTokens ?? 0,
      outputTokens: reply.usage?.outputTokens ?? 0,
      latencyMs,
      attempts,
      source,
      usageReported: reply.usage !== null,
    });
  }
}

export interface CreateOpenAiCompatibleAgentOptions extends Omit<OpenAiCompatibleAgentOptions, 'route'> {
  env?: ModelRouteEnvironment;
}

/**
 * Resolves the agent name's route from the environment and builds the agent. In replay mode no API key is needed,
 * since replay never touches the network.
 */
export function createOpenAiCompatibleAgent(agentName: string, options: CreateOpenAiCompatibleAgentOptions = {}): OpenAiCompatibleAgent {
  const { env, ...agentOptions } = options;
  const route = resolveModelRoute(agentName, env ?? process.env, { requireApiKey: options.cache?.mode !== 'replay' });
  return new OpenAiCompatibleAgent({ ...agentOptions, route });
}
