import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer to a chat completion request. */
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

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** JSON text as the model sent it, or a value to encode. */
  arguments: string | Record<string, unknown>;
}

export interface ScriptedCompletion {
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
    id: 'chatcmpl-scripted',
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

/** A scripted 200 answer. */
export function reply(completion: ScriptedCompletion): ScriptedResponse {
  return { body: completionBody(completion) };
}

/** An error answer shaped like OpenAI's. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers, body: { error: { message, type: 'scripted_error', code: null } } };
}

export interface ScriptedChatServerOptions {
  /** Listed by GET /v1/models. */
  models?: string[];
  /** When set, every request must carry `Authorization: Bearer <apiKey>` or gets 401. */
  apiKey?: string;
}

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 that answers POST /v1/chat/completions from a queue of scripted
 * responses and records every request. The real SDK talks to it over HTTP. A request with nothing queued gets a 400
 * naming it, so a test that scripted too few answers fails loudly.
 */
export class ScriptedChatServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedResponse[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: ScriptedChatServerOptions,
  ) {}

  static async start(options: ScriptedChatServerOptions = {}): Promise<ScriptedChatServer> {
    const server = createServer();
    const instance = new ScriptedChatServer(server, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void instance.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
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

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (request.url ?? '').split('?')[0] ?? '';
    this.requests.push({ method: request.method ?? '', path, headers: request.headers, body: text === '' ? null : JSON.parse(text) });
    for (const waiter of this.waiters.filter((entry) => this.requests.length >= entry.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }

    if (this.options.apiKey !== undefined && request.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      this.send(response, { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
      return;
    }
    if (request.method === 'GET' && path === '/v1/models') {
      const models = this.options.models ?? ['scripted-model'];
      this.send(response, { body: { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'scripted' })) } });
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      this.send(response, { status: 404, body: { error: { message: `no route ${request.method ?? ''} ${path}` } } });
      return;
    }
    const next = this.queue.shift();
    if (next === undefined) {
      const number = this.chatRequests().length;
      this.send(response, { status: 400, body: { error: { message: `scripted server: no response queued for chat request #${number}` } } });
      return;
    }
    if ('hang' in next) return;
    this.send(response, next);
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
