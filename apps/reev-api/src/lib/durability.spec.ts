import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Agent, AgentStepRequest, AgentStepResponse } from '@reev/agent';
import { DeterministicAgent } from '@reev/agent';
import { openDatabase } from '@reev/db';
import { wireExecutionStatus, type ExecutionStatus } from '@reev/types';
import { runApiCli } from './cli';
import { startBin, type Child } from './test-support/api-process';
import { copySuite, startTestServer, waitFor, WORKSPACE_ROOT } from './test-support/api-test-server';

jest.setTimeout(180_000);

/** Final statuses as the API sends them (the original's names). */
const TERMINAL = new Set(['Completed', 'Failed', 'Stopped', 'Timeout', 'Interrupted']);

async function getJson(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function postRun(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/benchmarks/001-sol-transfer/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'deterministic' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { execution_id: string }).execution_id;
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exit;
}

async function stop(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  await child.exit;
}

/** Status and owner of each execution as stored, read with a connection of the test's own. */
async function storedRuns(databaseUrl: string, ids: string[]): Promise<Map<string, { status: string; ownerPid?: number; error?: string }>> {
  const database = await openDatabase({ url: databaseUrl });
  try {
    const rows = new Map<string, { status: string; ownerPid?: number; error?: string }>();
    for (const id of ids) {
      const execution = await database.reader.getExecution(id);
      if (execution) rows.set(id, { status: execution.status, ...(execution.ownerPid !== undefined ? { ownerPid: execution.ownerPid } : {}), ...(execution.error !== undefined ? { error: execution.error } : {}) });
    }
    return rows;
  } finally {
    await database.close();
  }
}

describe('acknowledged runs survive a crash', () => {
  let directory: string;
  let benchmarksDir: string;
  let databaseUrl: string;

  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-crash-'));
    benchmarksDir = copySuite();
    databaseUrl = `file:${path.join(directory, 'reev.db')}`;
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
    rmSync(benchmarksDir, { recursive: true, force: true });
  });

  it('SIGKILL with 20 acknowledged runs: every id is stored; a restart resumes the queued ones and marks the one in flight', async () => {
    const first = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir, '--max-concurrent-runs', '1']);
    const ids = await Promise.all(Array.from({ length: 20 }, () => postRun(first.url)));
    await kill(first);

    const atKill = await storedRuns(databaseUrl, ids);
    expect([...atKill.keys()].sort()).toEqual([...ids].sort());
    const queuedAtKill = ids.filter((id) => atKill.get(id)?.status === 'queued');
    const runningAtKill = ids.filter((id) => atKill.get(id)?.status === 'running');
    // One slot: all but the run in flight (and any finished) were still waiting.
    expect(queuedAtKill.length).toBeGreaterThan(0);
    expect(runningAtKill.length).toBeLessThanOrEqual(1);

    const second = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir]);
    try {
      for (const id of ids) {
        const answer = await waitFor(
          () => getJson(`${second.url}/api/v1/benchmarks/001-sol-transfer/status/${id}`),
          (state) => state.status !== 200 || TERMINAL.has(String(state.json['status'])),
          20,
        );
        expect(answer.status).toBe(200);
        const expected = queuedAtKill.includes(id) ? 'completed' : runningAtKill.includes(id) ? 'interrupted' : atKill.get(id)?.status;
        expect({ id, status: answer.json['status'] }).toEqual({ id, status: expected && wireExecutionStatus(expected as ExecutionStatus) });
      }
    } finally {
      await stop(second);
    }
    const after = await storedRuns(databaseUrl, queuedAtKill);
    // Resumed by the second process, which became their owner.
    for (const id of queuedAtKill) expect(after.get(id)).toMatchObject({ status: 'completed', ownerPid: second.process.pid });
  });

  it('with --queued-runs interrupt, the queued runs of the killed process are marked interrupted, not lost', async () => {
    const first = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir, '--max-concurrent-runs', '1']);
    const ids = await Promise.all(Array.from({ length: 10 }, () => postRun(first.url)));
    await kill(first);
    const atKill = await storedRuns(databaseUrl, ids);
    const queuedAtKill = ids.filter((id) => atKill.get(id)?.status === 'queued');
    expect(queuedAtKill.length).toBeGreaterThan(0);

    const second = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir, '--queued-runs', 'interrupt']);
    try {
      const stored = await storedRuns(databaseUrl, ids);
      for (const id of queuedAtKill) {
        const state = await getJson(`${second.url}/api/v1/benchmarks/001-sol-transfer/status/${id}`);
        expect(state.status).toBe(200);
        expect(TERMINAL.has(String(state.json['status']))).toBe(true);
      }
      for (const id of queuedAtKill) {
        expect(stored.get(id)).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/^interrupted: owner process \d+ on .+ is no longer running$/) });
      }
    } finally {
      await stop(second);
    }
  });
});

describe('a damaged database file', () => {
  it('reev-api refuses to start: exit 2, one line naming the file and the recovery command, no stack', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-damaged-'));
    const benchmarksDir = copySuite();
    const file = path.join(directory, 'reev.db');
    try {
      const seeded = await openDatabase({ url: `file:${file}` });
      try {
        for (let index = 0; index < 300; index += 1) {
          await seeded.writer.createExecution({ executionId: `e${index}`, agent: 'a', mode: 'static', metadata: { note: 'x'.repeat(2048) } });
        }
      } finally {
        await seeded.close();
      }
      const descriptor = openSync(file, 'r+');
      writeSync(descriptor, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(statSync(file).size / 2));
      closeSync(descriptor);

      let stderr = '';
      const errors = new PassThrough();
      errors.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await runApiCli(['--port', '0', '--db', `file:${file}`, '--benchmarks', benchmarksDir], {
        stdout: new PassThrough(),
        stderr: errors,
        shutdown: new Promise(() => undefined),
      });
      expect(code).toBe(2);
      expect(stderr.endsWith('\n')).toBe(true);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`reev-api: database ${file} is damaged (PRAGMA quick_check: `);
      expect(stderr).toContain(`recover what is readable with: sqlite3 '${file}' .dump`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
      rmSync(benchmarksDir, { recursive: true, force: true });
    }
  });
});

describe('another process holding the write lock', () => {
  it('/health keeps answering while a run waits for the lock; the run is stored once the lock is released', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-lock-'));
    const benchmarksDir = copySuite();
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    const holdMs = 4000;
    const server = await startBin(['--db', databaseUrl, '--benchmarks', benchmarksDir]);
    try {
      // Another process: one connection, BEGIN IMMEDIATE, held for holdMs.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const { createClient } = require('@libsql/client');
           (async () => { const c = createClient({ url: ${JSON.stringify(databaseUrl)} }); const t = await c.transaction('write');
           console.log('locked'); await new Promise((r) => setTimeout(r, ${holdMs})); await t.rollback(); c.close(); })();`,
        ],
        { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const holderExit = new Promise<number | null>((resolve) => holder.on('exit', resolve));
      await new Promise<void>((resolve) => holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve()));

      // Its queued row cannot be written until the lock is released, so this answer waits; the server must not.
      const run = postRun(server.url);
      const latencies: number[] = [];
      const statuses = new Set<string>();
      let lockWaitSeen = 0;
      while (holder.exitCode === null) {
        const started = performance.now();
        const health = await getJson(`${server.url}/api/v1/health`);
        latencies.push(performance.now() - started);
        expect(health.status).toBe(200);
        statuses.add(String(health.json['status']));
        lockWaitSeen = Math.max(lockWaitSeen, Number((health.json['checks'] as { lock_wait_ms: number }).lock_wait_ms));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await holderExit).toBe(0);
      const id = await run;
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? Infinity;
      const longest = sorted[sorted.length - 1] ?? Infinity;
      process.stdout.write(`health during a ${holdMs} ms lock: ${latencies.length} answers, median ${median.toFixed(1)} ms, max ${longest.toFixed(1)} ms\n`);
      // Every answer arrived while the lock was held; a blocking wait (SQLite's busy timeout, 5 s before) would
      // stall one for seconds. The bounds stay far above an idle server's few ms so a busy machine passes.
      expect(latencies.length).toBeGreaterThan(10);
      expect(median).toBeLessThan(100);
      expect(longest).toBeLessThan(holdMs / 4);
      expect(statuses.has('degraded')).toBe(true);
      expect(lockWaitSeen).toBeGreaterThan(0);
      const final = await waitFor(
        () => getJson(`${server.url}/api/v1/benchmarks/001-sol-transfer/status/${id}`),
        (state) => TERMINAL.has(String(state.json['status'])),
        20,
      );
      expect(final.json['status']).toBe('Completed');
    } finally {
      await stop(server);
      rmSync(directory, { recursive: true, force: true });
      rmSync(benchmarksDir, { recursive: true, force: true });
    }
  });
});

/** An agent that waits until `release()` before acting as the deterministic agent. */
class PausedAgent implements Agent {
  readonly name = 'paused';
  private readonly inner = new DeterministicAgent();
  private opened!: () => void;
  readonly started: Promise<void>;
  private announceStart!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.opened = resolve;
  });

  constructor() {
    this.started = new Promise((resolve) => {
      this.announceStart = resolve;
    });
  }

  release(): void {
    this.opened();
  }

  async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
    this.announceStart();
    await this.gate;
    return this.inner.runStep(request);
  }
}

/** Runs a mount command as root: directly when this process is root, else through passwordless sudo (as CI's apt-get). */
function asRoot(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? command : 'sudo', root ? args : ['-n', command, ...args], { stdio: 'pipe' });
}

describe('a full disk', () => {
  it('a run whose writes fail ends failed with the reason (never left running), health is 503 until space is freed', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-full-'));
    const mountPoint = path.join(directory, 'tiny');
    mkdirSync(mountPoint);
    try {
      asRoot('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
    } catch (error) {
      throw new Error(`this spec mounts a 4 MiB tmpfs at ${mountPoint} and could not (it needs root or passwordless sudo): ${String(error)}`, { cause: error });
    }
    const agent = new PausedAgent();
    const api = await startTestServer({ databaseUrl: `file:${path.join(mountPoint, 'reev.db')}`, agents: { paused: () => agent } });
    try {
      const started = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'paused' });
      expect(started.status).toBe(200);
      const id = (started.json as { execution_id: string }).execution_id;
      await agent.started;

      const filler = path.join(mountPoint, 'filler');
      const descriptor = openSync(filler, 'w');
      try {
        for (;;) writeSync(descriptor, Buffer.alloc(16 * 1024, 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(descriptor);
      }
      agent.release();

      const failed = await waitFor(
        () => api.get(`/api/v1/benchmarks/001-sol-transfer/status/${id}`),
        (answer) => (answer.json as { status: string }).status !== 'Running',
      );
      expect(failed.json).toMatchObject({ status: 'Failed', error_message: expect.stringMatching(/SQLITE_FULL/) });
      const health = await api.get('/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ status: 'unhealthy', reasons: expect.arrayContaining([expect.stringMatching(/SQLITE_FULL|free for the database/)]) });

      rmSync(filler);
      // The failure is stored once writes succeed again (retried in the background), and health recovers.
      const database = await openDatabase({ url: `file:${path.join(mountPoint, 'reev.db')}` });
      try {
        await waitFor(
          () => database.reader.getExecution(id),
          (execution) => execution?.status === 'failed',
          100,
        );
        expect((await database.reader.getExecution(id))?.error).toMatch(/SQLITE_FULL/);
      } finally {
        await database.close();
      }
      const recovered = await waitFor(
        () => api.get('/api/v1/health'),
        (answer) => answer.status === 200,
        100,
      );
      expect(recovered.json).toMatchObject({ status: expect.stringMatching(/healthy|degraded/) });
    } finally {
      await api.close();
      asRoot('umount', ['-l', mountPoint]);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
