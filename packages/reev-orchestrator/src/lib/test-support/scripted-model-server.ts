import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local OpenAI-compatible endpoint answering chat completions from a script, recording what it was sent. */
export interface ScriptedModelServer {
  baseUrl: string;
  requests: { messages: { role: string; content: string }[] }[];
  close(): Promise<void>;
}

export async function startScriptedModelServer(replies: string[]): Promise<ScriptedModelServer> {
  const requests: ScriptedModelServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url !== '/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(body) as ScriptedModelServer['requests'][number]);
      const content = replies.shift();
      if (content === undefined) {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"script exhausted"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: 'scripted',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
