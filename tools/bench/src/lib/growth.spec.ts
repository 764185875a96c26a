import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { captureExecutionTemplate, countExecutions, seedExecutions } from './growth';
import { plainReev, runDynamicFlow } from './reev';

describe('seeding earlier executions (a real flow copied on a temporary file database)', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'reev-bench-growth-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('copies every row of the template execution under new ids that the reader reads back like real ones', async () => {
    const url = `file:${path.join(directory, 'growth.db')}`;
    const reev = plainReev(url);
    const { result } = await runDynamicFlow(reev);
    await reev.close();

    const client = createClient({ url });
    const template = await captureExecutionTemplate(client, result.execution_id);
    client.close();
    expect(new Set(template.rows.map((row) => row.table))).toEqual(
      new Set(['execution_states', 'execution_sessions', 'session_logs', 'session_tool_calls', 'step_sessions', 'consolidated_sessions']),
    );
    expect(template.bytes).toBeGreaterThan(10_000);

    await seedExecutions(url, template, 1, 20);
    await seedExecutions(url, template, 21, 25);
    expect(await countExecutions(url)).toBe(26);

    const reopened = plainReev(url);
    try {
      const seeded = await reopened.reader.getExecution('seed-7');
      expect(seeded?.status).toBe('completed');
      expect(seeded?.steps.map((step) => step.stepIndex)).toEqual([0, 1, 2, 3]);
      expect(seeded?.sessions.map((session) => session.sessionId)).toEqual(['seed-7-s0', 'seed-7-s1', 'seed-7-s2', 'seed-7-s3']);
      expect(await reopened.reader.getToolCalls('seed-7-s1')).toHaveLength((await reopened.reader.getToolCalls(`${result.execution_id}-s1`)).length);
      expect(await reopened.reader.getConsolidatedSessionsByExecution('seed-25')).toHaveLength(1);
      // Older than the real execution: newest-first listings still start with it.
      expect((await reopened.reader.listExecutions({ limit: 1 })).executions[0]?.executionId).toBe(result.execution_id);
      // The database still takes new flows after seeding.
      expect((await runDynamicFlow(reopened)).result.success).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
