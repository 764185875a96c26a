import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { DatabaseWriter } from '@reev/db';
import { API_MAIN, SUITE_DIR } from './paths';
import { childEnv, listeningPort } from './api';
import { startServerProcess } from './http-load';

export interface IntegrityFigures {
  databaseBytes: number;
  /** Opening with PRAGMA quick_check first (files up to the size limit). */
  openCheckedMs: number;
  /** Opening with the check on a worker thread (larger files): what a multi-GB history costs at start. */
  openBackgroundMs: number;
}

export interface SoakFigures {
  runs: number;
  /** Runs done → resident bytes of the reev-api process. */
  rssAfter: Record<number, number>;
  durationSeconds: number;
  benchmarks: number;
  integrity: IntegrityFigures;
}

/** Resident bytes of a process, from /proc (Linux). */
function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

async function postJson(url: string, body: unknown): Promise<{ execution_id: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { execution_id: string };
}

/** Polls a run's status until it has ended. */
async function waitForEnd(base: string, benchmarkId: string, executionId: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${base}/api/v1/benchmarks/${benchmarkId}/status/${executionId}`);
    const state = (await response.json()) as { status?: string };
    if (response.status !== 200) throw new Error(`status of ${executionId}: ${response.status}`);
    if (!/^(queued|running)$/i.test(state.status ?? '')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `runs` benchmark runs through a real reev-api process, the built one operators run (from source, tsx's compiled
 * modules and source maps would be part of the figure) (the whole suite in turn, deterministic agent, four in
 * flight), resident memory read from /proc at checkpoints. Nothing forces a collection: the figure is what an
 * operator's process holds.
 */
export async function measureApiSoak(databaseUrl: string, runs: number, onProgress: (done: number) => void): Promise<SoakFigures> {
  const benchmarks = readdirSync(SUITE_DIR)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => name.replace(/\.yml$/, ''))
    .sort();
  if (!existsSync(API_MAIN)) throw new Error(`soak: ${API_MAIN} does not exist: build it with \`npm run build\` (\`npm run bench\` does)`);
  const server = await startServerProcess([API_MAIN, '--port', '0', '--db', databaseUrl, '--log-level', 'silent'], childEnv(), 'reev-api', listeningPort);
  const base = `http://127.0.0.1:${server.port}`;
  const rssAfter: Record<number, number> = { 0: residentBytes(server.pid) };
  const started = performance.now();
  let next = 0;
  let done = 0;
  try {
    const worker = async (): Promise<void> => {
      while (next < runs) {
        const benchmarkId = benchmarks[next % benchmarks.length];
        next += 1;
        const { execution_id: executionId } = await postJson(`${base}/api/v1/benchmarks/${benchmarkId}/run`, { agent: 'deterministic' });
        await waitForEnd(base, benchmarkId, executionId);
        done += 1;
        if (done % 100 === 0 || done === runs) {
          rssAfter[done] = residentBytes(server.pid);
          onProgress(done);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    await server.stop();
  }
  return { runs, rssAfter, durationSeconds: (performance.now() - started) / 1000, benchmarks: benchmarks.length, integrity: await measureOpen(databaseUrl) };
}

/** Opening the soak's database with the integrity check at open, and with it on a worker thread. */
async function measureOpen(databaseUrl: string): Promise<IntegrityFigures> {
  const open = async (integrityCheckMaxBytes: number): Promise<number> => {
    const writer = new DatabaseWriter({ url: databaseUrl, integrityCheckMaxBytes });
    const started = performance.now();
    try {
      await writer.open();
      return performance.now() - started;
    } finally {
      await writer.close();
    }
  };
  const openCheckedMs = await open(Number.MAX_SAFE_INTEGER);
  const openBackgroundMs = await open(0);
  return { databaseBytes: statSync(databaseUrl.slice('file:'.length)).size, openCheckedMs, openBackgroundMs };
}
