// Part of the writer contract (writer-contract.ts): LLM responses and the reader.
import { ConstraintError, ValidationError } from '../errors';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import { countRows, expectFailure, rawRows, settle, storeStep, useSubject, type ContractContext } from './writer-contract-support';

export function contractReads(context: ContractContext): void {
  let writer: DatabaseWriterPort;
  let database: DatabaseWriter;

  beforeEach(() => {
    ({ writer, database } = useSubject(context));
  });

  describe('LLM responses', () => {
    const entry = (turn: number, content: string) => ({
      model: 'qwen3-8b',
      baseUrl: 'http://127.0.0.1:1234/v1',
      turn,
      reply: { content, toolCalls: [{ id: 'call_1', name: 'sol_transfer', arguments: '{"amount":100000000}' }], usage: null },
      recordedAt: '2026-01-01T00:00:00.000Z',
    });

    it('stores an entry under its key as JSON (not as a JSON string) and reads it back exactly', async () => {
      await writer.putLlmResponse('k1', entry(2, 'done'));
      const stored = await writer.getLlmResponse('k1');
      expect(stored).toMatchObject({ cacheKey: 'k1', model: 'qwen3-8b', baseUrl: 'http://127.0.0.1:1234/v1', turn: 2 });
      expect(stored?.entry).toEqual(entry(2, 'done'));
      expect(stored?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const [raw] = await rawRows(database, "SELECT json_type(entry) AS type FROM llm_responses WHERE cache_key = 'k1'");
      expect(raw?.['type']).toBe('object');
      expect(await writer.getLlmResponse('missing')).toBeUndefined();
      expect(await database.reader.getLlmResponse('k1')).toEqual(stored);
    });

    it('recording a key again replaces its entry instead of adding a row', async () => {
      await writer.putLlmResponse('k1', entry(1, 'first'));
      await writer.putLlmResponse('k1', entry(3, 'second'));
      await writer.putLlmResponse('k1', entry(3, 'second'));
      expect(await countRows(database, 'llm_responses')).toBe(1);
      expect(await writer.getLlmResponse('k1')).toMatchObject({ turn: 3, entry: entry(3, 'second') });
    });

    it('lists every entry oldest first, or those of one model', async () => {
      await writer.putLlmResponse('b', entry(1, 'one'));
      await writer.putLlmResponse('a', { ...entry(1, 'two'), model: 'glm-4.6' });
      await writer.putLlmResponse('c', entry(2, 'three'));
      const all = await database.reader.listLlmResponses();
      expect([...all].sort((x, y) => x.createdAt.localeCompare(y.createdAt)).map((row) => row.cacheKey)).toEqual(
        all.map((row) => row.cacheKey),
      );
      expect(all.map((row) => row.cacheKey).sort()).toEqual(['a', 'b', 'c']);
      expect((await database.reader.listLlmResponses({ model: 'qwen3-8b' })).map((row) => row.cacheKey).sort()).toEqual(['b', 'c']);
      expect(await database.reader.listLlmResponses({ model: 'none' })).toEqual([]);
    });

    it('refuses a missing key, a malformed entry and a turn below 1, naming the key', async () => {
      await expectFailure(writer.putLlmResponse('', entry(1, 'x')), ValidationError, 'llm_responses (cache_key=): cacheKey must be a non-empty string, got ""');
      await expectFailure(
        writer.putLlmResponse('k', { ...entry(1, 'x'), model: '' }),
        ValidationError,
        'llm_responses (cache_key=k): entry.model must be a non-empty string, got ""',
      );
      await expectFailure(
        writer.putLlmResponse('k', { ...entry(1, 'x'), turn: 1.5 }),
        ValidationError,
        'llm_responses (cache_key=k): entry.turn must be an integer, got 1.5',
      );
      await expect(writer.putLlmResponse('k', { ...entry(1, 'x'), size: 1n } as never)).rejects.toThrow(
        /^llm_responses \(cache_key=k\): entry cannot be stored as JSON: /,
      );
      await expectFailure(
        writer.putLlmResponse('k', entry(0, 'x')),
        ConstraintError,
        'llm_responses (cache_key=k): CHECK constraint failed: llm_responses_turn_check (turn must be at least 1)',
      );
      expect(await countRows(database, 'llm_responses')).toBe(0);
    });

    it('goes through the write queue: it waits for an open transaction and survives its rollback', async () => {
      await writer.createExecution({ executionId: 'A', agent: 'a', mode: 'dynamic' });
      await writer.beginTransaction('A');
      let stored = false;
      const putting = writer.putLlmResponse('k', entry(1, 'x')).then(() => {
        stored = true;
      });
      await settle();
      expect(stored).toBe(false);
      await writer.rollbackTransaction('A');
      await putting;
      expect(await writer.getLlmResponse('k')).toMatchObject({ entry: entry(1, 'x') });
      await expectFailure(
        writer.transaction('A', () => writer.putLlmResponse('k2', entry(1, 'y'))),
        ValidationError,
        'llm_responses (cache_key=k2): a write that belongs to no execution cannot run inside the transaction of execution A: it would wait for that transaction forever',
      );
    });
  });

  describe('reader', () => {
    it('lists executions newest first with filters, paging and the total', async () => {
      for (let index = 0; index < 5; index += 1) {
        await writer.createExecution({
          executionId: `e${index}`,
          benchmarkId: index % 2 === 0 ? 'even' : 'odd',
          agent: index < 3 ? 'alpha' : 'beta',
          mode: 'static',
        });
      }
      await writer.completeExecution('e4', { status: 'completed', score: 1, result: null });
      const all = await database.reader.listExecutions();
      expect(all.total).toBe(5);
      expect(all.executions.map((execution) => execution.executionId)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
      const page = await database.reader.listExecutions({ limit: 2, offset: 1 });
      expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(page.executions.map((execution) => execution.executionId)).toEqual(['e3', 'e2']);
      const even = await database.reader.listExecutions({ benchmarkId: 'even', agent: 'alpha' });
      expect(even.executions.map((execution) => execution.executionId)).toEqual(['e2', 'e0']);
      expect((await database.reader.listExecutions({ status: 'completed' })).total).toBe(1);
      expect((await database.reader.latestExecutions('odd', 1)).map((execution) => execution.executionId)).toEqual(['e3']);
      await expect(database.reader.listExecutions({ limit: 0 })).rejects.toThrow(ValidationError);
    });

    it('gets an execution with its steps and sessions', async () => {
      await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'dynamic' });
      await writer.createSession({ sessionId: 's0', executionId: 'e1', agent: 'a', interface: 'cli' });
      await storeStep(writer, 'e1', 1);
      await storeStep(writer, 'e1', 0);
      const detail = await database.reader.getExecution('e1');
      expect(detail?.steps.map((step) => step.stepIndex)).toEqual([0, 1]);
      expect(detail?.sessions.map((session) => session.sessionId)).toEqual(['s0']);
      expect(await database.reader.getExecution('none')).toBeUndefined();
    });
  });

}
