import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER } from './migrations';
import { exitOf, lineFrom, startScript } from './test-support/child-process';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

// Real child processes share one file database; each child opens it through its own DatabaseWriter
// (tsx runs the TypeScript sources). Children start together, so they also race to create and migrate it.
jest.setTimeout(120_000);

const WORKERS = 4;
const PER_WORKER = 100;
const MIGRATIONS = (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] })
  .entries.length;

describe('several processes on one file database', () => {
  let temp: ReturnType<typeof tempDirectory>;

  beforeEach(() => {
    temp = tempDirectory();
  });

  afterEach(() => {
    temp.remove();
  });

  it(`keeps every execution of ${WORKERS} processes writing ${PER_WORKER} each at the same time`, async () => {
    const url = temp.fileUrl();
    const exits = await Promise.all(
      Array.from({ length: WORKERS }, (_, worker) =>
        exitOf(startScript('write-executions.ts', [url, String(worker), String(PER_WORKER)])),
      ),
    );
    for (const exit of exits) expect(exit).toMatchObject({ code: 0, stderr: '' });

    const writer = new DatabaseWriter({ url });
    try {
      const client = await writer.client();
      const value = async (sql: string) => (await client.execute(sql)).rows[0]?.[0];
      expect(await value('SELECT count(*) FROM execution_states')).toBe(WORKERS * PER_WORKER);
      expect(await value('SELECT count(DISTINCT execution_id) FROM execution_states')).toBe(WORKERS * PER_WORKER);
      expect(await value("SELECT count(*) FROM execution_states WHERE status = 'completed'")).toBe(WORKERS * PER_WORKER);
      expect(await value('SELECT count(*) FROM step_sessions')).toBe(WORKERS * PER_WORKER);
      expect(await value('SELECT count(DISTINCT owner_pid) FROM execution_states')).toBe(WORKERS);
      expect(await value('SELECT count(*) FROM __drizzle_migrations')).toBe(MIGRATIONS);
      expect(await value('PRAGMA integrity_check')).toBe('ok');
      expect(await writer.markInterruptedExecutions()).toEqual([]);
    } finally {
      await writer.close();
    }
  });

  it('loses only the step in flight when a process is killed mid-transaction, and marks its execution interrupted', async () => {
    const url = temp.fileUrl();
    const child = startScript('crash-mid-step.ts', [url, 'crashing']);
    const exited = exitOf(child);
    await lineFrom(child, 'IN_FLIGHT');
    child.kill('SIGKILL');
    expect(await exited).toMatchObject({ signal: 'SIGKILL' });

    const writer = new DatabaseWriter({ url });
    try {
      const steps = await writer.getSessionsForConsolidation('crashing');
      expect(steps.map((step) => step.stepIndex)).toEqual([0, 1, 2]);
      const client = await writer.client();
      expect((await client.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
      const before = await writer.reader.getExecution('crashing');
      expect(before).toMatchObject({ status: 'running', progress: 0, ownerPid: child.pid });

      expect(await writer.markInterruptedExecutions()).toEqual(['crashing']);
      const after = await writer.reader.getExecution('crashing');
      expect(after?.status).toBe('interrupted');
      expect(after?.error).toMatch(new RegExp(`^interrupted: owner process ${child.pid} on .+ is no longer running$`));
      // The reopened database takes writes again: the dead process's lock is gone with it.
      await writer.storeStepSession('crashing', 3, { retried: true }, {
        stepId: 'step-3',
        sessionId: 'crashing-s3',
        success: true,
        toolCount: 0,
        score: 1,
        startedAt: new Date().toISOString(),
        durationMs: 1,
      });
      expect((await writer.getSessionsForConsolidation('crashing')).map((step) => step.stepIndex)).toEqual([0, 1, 2, 3]);
    } finally {
      await writer.close();
    }
  });
});
