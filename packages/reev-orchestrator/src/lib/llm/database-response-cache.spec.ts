import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { container as rootContainer } from 'tsyringe';
import { responseCacheKey, type ResponseCacheEntry } from '@reev/agent';
import { openDatabase, type OpenDatabase } from '@reev/db';
import { createDefaultAgentRegistry } from '../agents/agent-registry';
import { registerOrchestrator } from '../register';
import { RuleBasedPlanner } from '../dynamic/rule-based-planner';
import { DatabaseResponseCache, databaseCacheSettings } from './database-response-cache';
import { cachedPlanModel } from './llm-planner-cache';
import {
  exportLlmResponses,
  importLlmResponses,
  LlmResponseFileError,
  parseLlmResponseFile,
  readLlmResponseFile,
  writeLlmResponseFile,
} from './response-file';

const KEY = responseCacheKey({ model: 'm', baseUrl: 'http://127.0.0.1:1/v1', messages: [], tools: [], sampling: {}, runIndex: 0 });

function entry(content: string, turn = 1): ResponseCacheEntry {
  return {
    model: 'm',
    baseUrl: 'http://127.0.0.1:1/v1',
    turn,
    reply: {
      model: 'm-2026',
      content,
      reasoningContent: null,
      toolCalls: [{ id: 'call_1', name: 'sol_transfer', arguments: '{"amount":1}' }],
      finishReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 2 },
    },
    recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('DatabaseResponseCache (real in-memory libSQL)', () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = await openDatabase({ url: ':memory:' });
  });
  afterEach(() => database.close());

  it('stores entries in llm_responses and reads them back exactly; a miss is undefined', async () => {
    const cache = new DatabaseResponseCache(database.writer);
    await cache.put(KEY, entry('hello'));
    expect(await cache.get(KEY)).toEqual(entry('hello'));
    expect(await database.reader.getLlmResponse(KEY)).toMatchObject({ model: 'm', baseUrl: 'http://127.0.0.1:1/v1', turn: 1 });
    expect(await cache.get('f'.repeat(64))).toBeUndefined();
  });

  it('refuses a stored row that is not a recorded answer, naming its key and what is wrong', async () => {
    await database.writer.putLlmResponse(KEY, { model: 'm', baseUrl: 'http://127.0.0.1:1/v1', turn: 1 });
    await expect(new DatabaseResponseCache(database.writer).get(KEY)).rejects.toThrow(
      `llm_responses (cache_key=${KEY}): the stored entry is not a recorded model answer: reply: Invalid input: expected object, received undefined; recordedAt: Invalid input: expected string, received undefined`,
    );
  });

  it('settings: off stores nothing, the other modes use the database, an unknown mode is refused', () => {
    expect(databaseCacheSettings('off', database.writer)).toEqual({ mode: 'off' });
    const replay = databaseCacheSettings('replay', database.writer);
    expect(replay.mode).toBe('replay');
    expect('store' in replay && replay.store).toBeInstanceOf(DatabaseResponseCache);
    expect(() => databaseCacheSettings('sometimes' as never, database.writer)).toThrow(
      'unknown LLM cache mode "sometimes" (known: off, record, replay, auto)',
    );
  });
});

describe('response cache files', () => {
  let directory: string;
  let database: OpenDatabase;
  beforeEach(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-llm-file-'));
    database = await openDatabase({ url: ':memory:' });
  });
  afterEach(async () => {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('export → file → import into another database gives the same rows; importing twice adds nothing', async () => {
    const cache = new DatabaseResponseCache(database.writer);
    await cache.put(KEY, entry('one'));
    await cache.put('a'.repeat(64), { ...entry('two', 2), model: 'other' });
    const exported = await exportLlmResponses(database.reader, { description: 'two answers', scores: { '001-sol-transfer': 1 } });
    expect(exported).toMatchObject({ format: 'reev-llm-responses', version: 1, description: 'two answers', scores: { '001-sol-transfer': 1 } });
    expect(exported.responses.map((row) => row.cache_key).sort()).toEqual(['a'.repeat(64), KEY].sort());
    expect((await exportLlmResponses(database.reader, { model: 'other' })).responses.map((row) => row.turn)).toEqual([2]);

    const file = path.join(directory, 'responses.json');
    await writeLlmResponseFile(file, exported);
    const other = await openDatabase({ url: ':memory:' });
    try {
      const read = await readLlmResponseFile(file);
      expect(await importLlmResponses(other.writer, read)).toBe(2);
      expect(await importLlmResponses(other.writer, read)).toBe(2);
      expect(await new DatabaseResponseCache(other.writer).get(KEY)).toEqual(entry('one'));
      expect((await other.reader.listLlmResponses()).length).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('names the file and what is wrong with it', async () => {
    await expect(readLlmResponseFile(path.join(directory, 'none.json'))).rejects.toThrow(
      new RegExp(`^cannot read ${directory}/none\\.json: ENOENT`),
    );
    expect(() => parseLlmResponseFile('{', 'broken.json')).toThrow(LlmResponseFileError);
    expect(() => parseLlmResponseFile('{', 'broken.json')).toThrow(/^broken\.json: not JSON \(/);
    expect(() => parseLlmResponseFile('{"format":"something-else","version":1,"responses":[]}', 'other.json')).toThrow(
      'other.json: not a reev-llm-responses file: format: Invalid input: expected "reev-llm-responses"',
    );
    const row = { cache_key: KEY, model: 'm', base_url: 'http://127.0.0.1:1/v1', turn: 2, entry: entry('x', 1) };
    const mismatched = JSON.stringify({ format: 'reev-llm-responses', version: 1, responses: [row] });
    expect(() => parseLlmResponseFile(mismatched, 'f.json')).toThrow(
      'f.json: not a reev-llm-responses file: responses.0: model, base_url and turn must be those of the entry',
    );
    const badKey = JSON.stringify({ format: 'reev-llm-responses', version: 1, responses: [{ ...row, turn: 1, cache_key: 'k' }] });
    writeFileSync(path.join(directory, 'bad.json'), badKey);
    await expect(readLlmResponseFile(path.join(directory, 'bad.json'))).rejects.toThrow(/bad\.json: not a reev-llm-responses file: responses\.0\.cache_key: expected a sha256 hex key$/);
  });
});

describe('cachedPlanModel (real in-memory libSQL; the model is a function counting its calls)', () => {
  const route = { agentName: 'local', provider: 'local' as const, model: 'm', baseUrl: 'http://127.0.0.1:1/v1', apiKeyVariable: 'K', outputTokenLimitParameter: 'max_tokens' as const };
  const messages = [
    { role: 'system' as const, content: 'You plan.' },
    { role: 'user' as const, content: 'swap 1 SOL to USDC' },
  ];

  it('records the plan text, replays it without calling the model, and misses on another request', async () => {
    const database = await openDatabase({ url: ':memory:' });
    try {
      let calls = 0;
      const model = () => {
        calls += 1;
        return Promise.resolve(`plan ${calls}`);
      };
      const signal = new AbortController().signal;
      expect(await cachedPlanModel(route, databaseCacheSettings('record', database.writer), model)(messages, signal)).toBe('plan 1');
      const replay = cachedPlanModel(route, databaseCacheSettings('replay', database.writer), model);
      expect(await replay(messages, signal)).toBe('plan 1');
      expect(calls).toBe(1);
      await expect(replay([...messages, { role: 'assistant', content: 'plan 1' }, { role: 'user', content: 'again' }], signal)).rejects.toThrow(
        /^replay miss: no recorded plan from model m at turn 2 \(key [0-9a-f]{12}\)$/,
      );
      const [stored] = await database.reader.listLlmResponses();
      expect(stored).toMatchObject({ model: 'm', turn: 1, entry: { reply: { content: 'plan 1', toolCalls: [] } } });
      expect(await cachedPlanModel(route, { mode: 'off' }, model)(messages, signal)).toBe('plan 2');
    } finally {
      await database.close();
    }
  });
});

describe('registerOrchestrator LLM options', () => {
  it('refuses llmCache with a registry of its own, and a planner together with plannerModel', () => {
    expect(() =>
      registerOrchestrator(rootContainer.createChildContainer(), { database: { url: ':memory:' }, agents: createDefaultAgentRegistry(), llmCache: 'replay' }),
    ).toThrow('llmCache "replay" applies to the default agent registry; a registry given as "agents" brings its own cache (createDefaultAgentRegistry({ llm: { cache } }))');
    expect(() =>
      registerOrchestrator(rootContainer.createChildContainer(), { database: { url: ':memory:' }, planner: new RuleBasedPlanner(), plannerModel: 'local' }),
    ).toThrow('give either "planner" or "plannerModel" (local), not both');
  });
});
