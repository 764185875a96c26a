import { always, closedPort, ModelServer, reply } from './model-server';

async function chat(server: ModelServer, headers: Record<string, string> = {}): Promise<{ status: number; json: { error?: { message: string }; choices?: { message: { content: string } }[] } }> {
  const response = await fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'scripted-model', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: response.status, json: (await response.json()) as never };
}

describe('ModelServer', () => {
  let server: ModelServer;
  afterEach(() => server.stop());

  it('answers from the queue, then from `answer`, and records every request', async () => {
    server = await ModelServer.start({ answer: (_body, number) => reply({ content: `answered #${number}` }) });
    server.enqueue(reply({ content: 'queued' }));
    expect((await chat(server)).json.choices?.[0]?.message.content).toBe('queued');
    expect((await chat(server)).json.choices?.[0]?.message.content).toBe('answered #2');
    expect(server.chatBodies().map((body) => body.messages[0]?.content)).toEqual(['hi', 'hi']);
    expect(server.pending).toBe(0);
  });

  it('always answers the same, or never', async () => {
    server = await ModelServer.start({ answer: always(reply({ content: 'No.' })) });
    expect((await chat(server)).json.choices?.[0]?.message.content).toBe('No.');
    expect((await chat(server)).json.choices?.[0]?.message.content).toBe('No.');
    await server.stop();
    server = await ModelServer.start({ answer: always({ hang: true }) });
    const hanging = fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    await server.waitForRequests(1);
    const stopped = server.stop();
    await expect(hanging).rejects.toThrow();
    await stopped;
  });

  it('fails a chat request nothing answers with a 400 naming it', async () => {
    server = await ModelServer.start();
    expect(await chat(server)).toEqual({ status: 400, json: { error: expect.objectContaining({ message: 'model server: no response queued for chat request #1' }) } });
  });

  it('turns an `answer` that throws into a 400 carrying its message', async () => {
    server = await ModelServer.start({ answer: () => Promise.reject(new Error('cannot read the conversation')) });
    expect(await chat(server)).toMatchObject({ status: 400, json: { error: { message: 'model server: cannot read the conversation' } } });
  });

  it('requires the API key when one is set, and lists its models', async () => {
    server = await ModelServer.start({ apiKey: 'sk-right', models: ['tiny-model'] });
    expect((await chat(server, { authorization: 'Bearer sk-wrong' })).status).toBe(401);
    const models = await fetch(`${server.baseUrl}/models`, { headers: { authorization: 'Bearer sk-right' } });
    expect(await models.json()).toMatchObject({ data: [{ id: 'tiny-model' }] });
    expect(server.modelListRequests().map((request) => request.headers.authorization)).toEqual(['Bearer sk-right']);
    expect(server.env).toEqual({ LOCAL_MODEL_URL: server.baseUrl, LOCAL_MODEL_NAME: 'tiny-model' });
  });

  it('closedPort gives a port nothing listens on', async () => {
    server = await ModelServer.start();
    const port = await closedPort();
    await expect(fetch(`http://127.0.0.1:${port}/v1/models`)).rejects.toThrow();
  });
});
