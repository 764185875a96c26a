import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  authorization: string | undefined;
  body: { model?: string; messages?: unknown[] };
}

export interface ChatServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An OpenAI-compatible chat completions endpoint at the edge of the test: it records each request and answers
 * with a plain reply (no tool calls), so an LLM agent pointed at it really talks HTTP to it. With `answer: false`
 * it never answers: the agent's step stays in flight until the run is stopped or its process dies.
 */
export async function startChatServer(options: { reply?: string; answer?: boolean } = {}): Promise<ChatServer> {
  const reply = options.reply ?? 'I will not act on this request.';
  const requests: ChatRequest[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      requests.push({ authorization: request.headers.authorization, body: JSON.parse(text) as ChatRequest['body'] });
      if (options.answer === false) return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: 'tiny-model',
          choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
