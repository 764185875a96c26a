import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  authorization: string | undefined;
  body: { model?: string; messages?: unknown[] };
}

export interface ChatServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Chat completion requests, in arrival order. */
  requests: ChatRequest[];
  /** Authorization headers of the GET /models requests (the agents' preflight), in arrival order. */
  modelListRequests: (string | undefined)[];
  close(): Promise<void>;
}

export interface ChatServerOptions {
  reply?: string;
  /** false: chat completions are never answered (the models list still is). */
  answer?: boolean;
  /** When set, any request without `Authorization: Bearer <requiredKey>` gets 401. */
  requiredKey?: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * An OpenAI-compatible endpoint at the edge of the test: GET /v1/models lists one model; each chat completion
 * request is recorded and answered with a plain reply (no tool calls), so an LLM agent pointed at it really talks
 * HTTP to it. With `answer: false` chat completions are never answered: the agent's step stays in flight until the
 * run is stopped or its process dies.
 */
export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const reply = options.reply ?? 'I will not act on this request.';
  const requests: ChatRequest[] = [];
  const modelListRequests: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    const authorization = request.headers.authorization;
    if (options.requiredKey !== undefined && authorization !== `Bearer ${options.requiredKey}`) {
      sendJson(response, 401, { error: { message: 'invalid API key', type: 'invalid_request_error' } });
      return;
    }
    if (request.method === 'GET' && request.url === '/v1/models') {
      modelListRequests.push(authorization);
      sendJson(response, 200, { object: 'list', data: [{ id: 'tiny-model', object: 'model' }] });
      return;
    }
    void readBody(request).then((text) => {
      requests.push({ authorization, body: JSON.parse(text) as ChatRequest['body'] });
      if (options.answer === false) return;
      sendJson(response, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 0,
        model: 'tiny-model',
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    modelListRequests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
