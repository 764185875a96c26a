import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer to a chat completion request. */
export type ScriptedResponse =
  | { status?: number; headers?: Record<string, string>; body: unknown }
  /** Never answers: the client's timeout or abort ends the request (or the server stopping). */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A chat message as the openai SDK sends it. */
export interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; type?: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** The body of a chat completion request as the openai SDK sends it. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: { type?: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** JSON text as the model sent it, or a value to encode. */
  arguments: string | Record<string, unknown>;
}

export interface ScriptedCompletion {
  id?: string;
  content?: string | null;
  reasoningContent?: string;
  toolCalls?: ScriptedToolCall[];
  finishReason?: string;
  /** Null: the server reports no usage. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  model?: string;
}

/** A chat completion body as an OpenAI-compatible server sends it. */
export function completionBody(completion: ScriptedCompletion): Record<string, unknown> {
  const toolCalls = (completion.toolCalls ?? []).map((call, index) => ({
    ...(call.id === undefined ? {} : { id: call.id }),
    type: 'function',
    index,
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
  const usage = completion.usage === undefined ? { prompt_tokens: 100, completion_tokens: 20 } : completion.usage;
  return {
    id: completion.id ?? 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: completion.model ?? 'scripted-model',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: completion.content ?? null,
          ...(completion.reasoningContent === undefined ? {} : { reasoning_content: completion.reasoningContent }),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: completion.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    ...(usage === null ? {} : { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }),
  };
}

/** A 200 answer. */
export function reply(completion: ScriptedCompletion): ScriptedResponse {
  return { body: completionBody(completion) };
}

/** An error answer shaped like OpenAI's. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers, body: { error: { message, type: 'scripted_error', code: null } } };
}

/** Answers a chat request nothing was queued for; `number` counts chat requests from 1. */
export type ChatAnswerer = (body: ChatRequestBody, number: number) => ScriptedResponse | Promise<ScriptedResponse>;

/** Gives every chat request the same response (e.g. `always(reply({ content: 'No.' }))`, `always({ hang: true })`). */
export function always(response: ScriptedResponse): ChatAnswerer {
  return () => response;
}

export interface ModelServerOptions {
  /** Listed by GET /v1/models; the first is the model of `env`. Default `['scripted-model']`. */
  models?: string[];
  /** When set, every request must carry `Authorization: Bearer <apiKey>` or gets 401. */
  apiKey?: string;
  /** Answers chat requests once the queue is empty. Without it, such a request gets a 400 naming it. */
  answer?: ChatAnswerer;
  /** Default 0: any free port. */
  port?: number;
}

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1, standing where a remote model would: GET /v1/models lists the
 * configured models; POST /v1/chat/completions is answered from a queue of scripted responses, then by the `answer`
 * function. Every request is recorded. A chat request nothing can answer gets a 400 naming it, so a test that
 * scripted too few answers fails loudly. The real openai SDK talks to it over HTTP.
 */
export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedResponse[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: ModelServerOptions,
    /** `http://127.0.0.1:<port>/v1`; stays the agents' URL after `stop`, when nothing answers there. */
    readonly baseUrl: string,
  ) {}

  static async start(options: ModelServerOptions = {}): Promise<ModelServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const instance = new ModelServer(server, options, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void instance.handle(request, response));
    return instance;
  }

  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }

  /** The environment of the `local` agent pointed at this server and its first model. */
  get env(): Record<string, string> {
    return { LOCAL_MODEL_URL: this.baseUrl, LOCAL_MODEL_NAME: this.models[0] ?? '' };
  }

  enqueue(...responses: ScriptedResponse[]): this {
    this.queue.push(...responses);
    return this;
  }

  /** Scripted responses not yet consumed. */
  get pending(): number {
    return this.queue.length;
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/chat/completions');
  }

  /** The bodies of the chat completion requests, in arrival order. */
  chatBodies(): ChatRequestBody[] {
    return this.chatRequests().map((request) => request.body as ChatRequestBody);
  }

  /** GET /v1/models requests (the agents' preflight), in arrival order. */
  modelListRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'GET' && request.path === '/v1/models');
  }

  /** Resolves once `count` requests in all have arrived. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private get models(): string[] {
    return this.options.models ?? ['scripted-model'];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (request.url ?? '').split('?')[0] ?? '';
    const recorded: RecordedRequest = { method: request.method ?? '', path, headers: request.headers, body: text === '' ? null : JSON.parse(text) };
    this.requests.push(recorded);
    for (const waiter of this.waiters.filter((entry) => this.requests.length >= entry.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }

    if (this.options.apiKey !== undefined && request.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      this.send(response, { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
      return;
    }
    if (request.method === 'GET' && path === '/v1/models') {
      this.send(response, { body: { object: 'list', data: this.models.map((id) => ({ id, object: 'model', owned_by: 'reev-tests' })) } });
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      this.send(response, { status: 404, body: { error: { message: `no route ${request.method ?? ''} ${path}` } } });
      return;
    }
    const next = this.queue.shift() ?? (await this.answer(recorded.body as ChatRequestBody, this.chatRequests().length));
    if ('hang' in next) return;
    this.send(response, next);
  }

  /** The `answer` function's response to chat request `number`; a 400 naming the request when there is none. */
  private async answer(body: ChatRequestBody, number: number): Promise<ScriptedResponse> {
    if (this.options.answer === undefined) return errorReply(400, `model server: no response queued for chat request #${number}`);
    try {
      return await this.options.answer(body, number);
    } catch (error) {
      // A 400 is not retried: an answerer that cannot read the conversation fails the step at once, loudly.
      return errorReply(400, `model server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private send(response: ServerResponse, scripted: { status?: number; headers?: Record<string, string>; body: unknown }): void {
    response.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
    response.end(JSON.stringify(scripted.body));
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
