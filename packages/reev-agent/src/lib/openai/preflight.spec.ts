import { createServer, type AddressInfo, type Socket } from 'node:net';
import { closedPort, ModelServer } from '@reev/testing';
import { AgentConfigurationError } from './errors';
import { resolveModelRoute } from './model-route';
import { checkModelRoute } from './preflight';

describe('checkModelRoute', () => {
  it('throws AgentConfigurationError naming the endpoint when nothing listens there', async () => {
    const port = await closedPort();
    const route = resolveModelRoute('local', { LOCAL_MODEL_URL: `http://127.0.0.1:${port}/v1`, LOCAL_MODEL_NAME: 'm' });
    const failure = await checkModelRoute(route, new AbortController().signal).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AgentConfigurationError);
    const error = failure as AgentConfigurationError;
    expect(error.endpoint).toBe(`http://127.0.0.1:${port}/v1/models`);
    expect(error.message).toMatch(new RegExp(`^agent "local": model endpoint http://127\\.0\\.0\\.1:${port}/v1/models is unreachable \\(.*ECONNREFUSED`));
  });

  it('throws AgentConfigurationError when the endpoint accepts the connection but does not answer in time', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
      const route = resolveModelRoute('openai-compatible:m', { REEV_OPENAI_COMPATIBLE_URL: baseUrl });
      await expect(checkModelRoute(route, new AbortController().signal, { timeoutMs: 100 })).rejects.toMatchObject({
        name: 'AgentConfigurationError',
        endpoint: `${baseUrl}/models`,
        message: `agent "openai-compatible:m": model endpoint ${baseUrl}/models is unreachable (no answer within 100 ms)`,
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('passes against a reachable server and lists its models', async () => {
    const server = await ModelServer.start({ models: ['qwen3-8b', 'gemma-3-4b'] });
    try {
      const route = resolveModelRoute('local', { LOCAL_MODEL_URL: server.baseUrl, LOCAL_MODEL_NAME: 'qwen3-8b' });
      await expect(checkModelRoute(route, new AbortController().signal)).resolves.toEqual({
        endpoint: `${server.baseUrl}/models`,
        status: 200,
        models: ['qwen3-8b', 'gemma-3-4b'],
      });
      expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    } finally {
      await server.stop();
    }
  });

  it('names the key variable when the endpoint rejects the key', async () => {
    const server = await ModelServer.start({ apiKey: 'right' });
    try {
      const route = resolveModelRoute('openai-compatible:m', { REEV_OPENAI_COMPATIBLE_URL: server.baseUrl, REEV_OPENAI_COMPATIBLE_KEY: 'wrong' });
      await expect(checkModelRoute(route, new AbortController().signal)).rejects.toMatchObject({
        name: 'AgentConfigurationError',
        variable: 'REEV_OPENAI_COMPATIBLE_KEY',
        endpoint: `${server.baseUrl}/models`,
        message: `agent "openai-compatible:m": model endpoint ${server.baseUrl}/models rejected the API key (HTTP 401); check REEV_OPENAI_COMPATIBLE_KEY`,
      });
      expect(server.requests[0].headers.authorization).toBe('Bearer wrong');
    } finally {
      await server.stop();
    }
  });

  it('rethrows the caller’s abort instead of blaming the endpoint', async () => {
    const route = resolveModelRoute('local', { LOCAL_MODEL_URL: 'http://127.0.0.1:9/v1', LOCAL_MODEL_NAME: 'm' });
    const failure = await checkModelRoute(route, AbortSignal.abort(new Error('cli interrupted'))).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).not.toBeInstanceOf(AgentConfigurationError);
    expect((failure as Error).message).toBe('cli interrupted');
  });
});
